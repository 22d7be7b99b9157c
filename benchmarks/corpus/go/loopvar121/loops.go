package loopvar

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"sync"
	"time"
)

func use(v ...any) { _ = fmt.Sprint(v...) }

// The goroutine is the last statement: go vet's loopclosure sees it too.
func Last(items []string) {
	for _, item := range items {
		go func() {
			// want: GO005
			use(item)
		}()
	}
}

// The goroutine is not last, and nothing in the iteration waits for it.
func NotLast(items []string) {
	var wg sync.WaitGroup
	for i := 0; i < len(items); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// want: GO005
			use(items[i])
		}()
		use("started")
	}
	wg.Wait()
}

// The iteration waits for its goroutine: nothing is shared across iterations.
func Waited(items []string) {
	for _, item := range items {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(item)
		}()
		wg.Wait()
	}
}

// A copy and a parameter: both correct.
func Copied(items []string) {
	for _, item := range items {
		item := item
		go func() { use(item) }()
	}
	for _, item := range items {
		go func(s string) { use(s) }(item)
	}
}

func Deferred(items []string) {
	for _, item := range items {
		// want: GO005 GO015
		defer func() { use(item) }()
	}
}

// A server config without MinVersion: TLS 1.0 is accepted before Go 1.22.
func Server() *http.Server {
	return &http.Server{
		ReadHeaderTimeout: time.Second,
		// want: GO017
		TLSConfig: &tls.Config{ServerName: "api"},
	}
}

type guarded struct {
	mu sync.Mutex
	n  int
}

// A loop variable holding a lock: from Go 1.22 each iteration copies it
// (go vet reports this from Go 1.24 on; 1.22 and 1.23 do not check it).
func Iterations(p *guarded) {
	for g := (guarded{}); g.n < 3; g.n++ {
		use(&g)
	}
	for g := &(guarded{}); g.n < 3; g.n++ {
		use(g)
	}
	for i := 0; i < 3; i++ {
		use(&p.mu)
	}
}
