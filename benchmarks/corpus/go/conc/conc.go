package conc

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"time"
)

var mu sync.Mutex

func work() error { return nil }

func EmptySection() {
	// want: GO002
	mu.Lock()
	mu.Unlock()
}

func SignalUnbuffered() {
	c := make(chan os.Signal)
	// want: GO003
	signal.Notify(c, os.Interrupt)
	<-c
}

func SignalBuffered() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	<-c
}

func AddInside() {
	var wg sync.WaitGroup
	go func() {
		// want: GO006
		wg.Add(1)
		defer wg.Done()
		_ = work()
	}()
	wg.Wait()
}

func AddBefore() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = work()
	}()
	wg.Wait()
}

func DoneSkipped() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if err := work(); err != nil {
			return
		}
		// want: GO007
		wg.Done()
	}()
	wg.Wait()
}

func DeferredLock() {
	mu.Lock()
	// want: GO008
	defer mu.Lock()
}

func HeldOnReturn() error {
	mu.Lock()
	if err := work(); err != nil {
		// want: GO009
		return err
	}
	mu.Unlock()
	return nil
}

func ReleasedOnReturn() error {
	mu.Lock()
	if err := work(); err != nil {
		mu.Unlock()
		return err
	}
	mu.Unlock()
	return nil
}

type Counter struct {
	mu sync.Mutex
	n  int
}

type Stats struct {
	hits atomic.Int64
}

// want: GO010
func (c Counter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *Counter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}

func Sum(counters []Counter) int {
	n := 0
	// want: GO010
	for _, c := range counters {
		n += c.n
	}
	for i := range counters {
		n += counters[i].n
	}
	return n
}

func Snapshot(s *Stats) int64 {
	// want: GO010
	copied := *s
	return copied.hits.Load()
}

func Discarded(parent context.Context) context.Context {
	// want: GO012
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx
}

func Called(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	<-ctx.Done()
	return ctx.Err()
}

func Timeout() (int, error) {
	done := make(chan int)
	go func() {
		// want: GO014
		done <- 1
	}()
	select {
	case v := <-done:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

func TimeoutBuffered() (int, error) {
	done := make(chan int, 1)
	go func() { done <- 1 }()
	select {
	case v := <-done:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

func CloseAll(names []string) error {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		// want: GO015
		defer f.Close()
	}
	return nil
}
