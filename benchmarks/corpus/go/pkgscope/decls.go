// Package pkgscope declares its shared state in this file and uses it in
// the others: each rule must see through the file boundary.
package pkgscope

import (
	"context"
	"crypto/tls"
	"net/http"
	"os"
	"sync"
	"time"
)

var (
	wg     sync.WaitGroup
	mu     sync.Mutex
	client = &http.Client{Timeout: 10 * time.Second}
	// ReadHeaderTimeout is set in setup.go.
	srv = &http.Server{Addr: ":8080"}
	// Verification is turned off in use.go.
	tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12}
	base   = context.Background()
	// Unbuffered, but declared away from signal.Notify: neither go vet nor
	// staticcheck follows a package-level channel, and neither does cnlint.
	stop = make(chan os.Signal)
)

const (
	script = "ls -l /var/log"
	table  = "users"
)

type Worker struct {
	wg     sync.WaitGroup
	mu     sync.Mutex
	cancel context.CancelFunc
	jobs   chan int
	srv    *http.Server
}

type Counter struct {
	mu sync.Mutex
	n  int
}

func use(v ...any) {}

func counters() []Counter { return make([]Counter, 2) }

func newCounter() *Counter { return &Counter{} }
