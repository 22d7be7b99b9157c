package lostcancel

import (
	"context"
	"errors"
	"log"
	"os"
	"time"
)

func fetch(context.Context) error { return nil }

func ready() bool { return true }

// fail never returns: a path through it leaks nothing.
func fail(msg string) {
	log.Printf("fatal: %s", msg)
	os.Exit(1)
}

func Discarded(parent context.Context) error {
	// want: GO012
	ctx, _ := context.WithTimeout(parent, time.Second)
	return fetch(ctx)
}

func CalledOnError(parent context.Context) context.Context {
	// want: GO012
	ctx, cancel := context.WithCancel(parent)
	if ctx.Err() != nil {
		cancel()
	}
	return ctx
}

func EarlyReturn(parent context.Context) error {
	// want: GO012
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if err := fetch(ctx); err != nil {
		return err
	}
	defer cancel()
	return fetch(ctx)
}

func OneBranch(parent context.Context, quick bool) {
	// want: GO012
	ctx, cancel := context.WithCancel(parent)
	if quick {
		cancel()
		return
	}
	_ = fetch(ctx)
}

func ReturnInLoop(parent context.Context, items []string) error {
	// want: GO012
	var ctx, cancel = context.WithDeadline(parent, time.Now().Add(time.Minute))
	for range items {
		if err := fetch(ctx); err != nil {
			return err
		}
	}
	cancel()
	return nil
}

func SwitchFallthrough(parent context.Context, n int) {
	// want: GO012
	ctx, cancel := context.WithCancel(parent)
	switch n {
	case 0:
		_ = fetch(ctx)
		fallthrough
	case 1:
		cancel()
	case 2:
		return
	}
}

func SelectCase(parent context.Context, done chan struct{}) {
	// want: GO012
	ctx, cancel := context.WithCancel(parent)
	select {
	case <-done:
		return
	case <-ctx.Done():
	}
	cancel()
}

func GotoSkips(parent context.Context, n int) {
	// want: GO012
	ctx, cancel := context.WithCancel(parent)
	if n > 0 {
		goto out
	}
	_ = fetch(ctx)
	cancel()
out:
}

func InLiteral(parent context.Context) {
	go func() {
		// want: GO012
		ctx, cancel := context.WithTimeout(parent, time.Second)
		if !ready() {
			return
		}
		defer cancel()
		_ = fetch(ctx)
	}()
}

func Reassigned(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	// want: GO012
	ctx, cancel = context.WithTimeout(ctx, time.Second)
	return fetch(ctx)
}

// ---- quiet: every path uses the cancel function, or none returns ---------

func Deferred(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	return fetch(ctx)
}

func DeferredInLiteral(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer func() { cancel() }()
	return fetch(ctx)
}

func BothBranches(parent context.Context, quick bool) {
	ctx, cancel := context.WithCancel(parent)
	if quick {
		cancel()
		return
	}
	_ = fetch(ctx)
	cancel()
}

func PanicPath(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	if !ready() {
		panic("not ready")
	}
	defer cancel()
	return fetch(ctx)
}

func ExitPath(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	if !ready() {
		log.Fatal("not ready")
	}
	if ctx == nil {
		fail("no context")
	}
	defer cancel()
	return fetch(ctx)
}

func Forever(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	for {
		_ = fetch(ctx)
	}
	_ = cancel
}

type worker struct {
	stop context.CancelFunc
}

func (w *worker) Start(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	w.stop = cancel
	return ctx
}

func PassedOn(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	return ctx, cancel
}

func Named(parent context.Context) (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithCancel(parent)
	return
}

func Started(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	go watch(ctx, cancel)
}

func watch(ctx context.Context, cancel context.CancelFunc) {
	defer cancel()
	<-ctx.Done()
}

func AfterTimer(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	time.AfterFunc(time.Second, cancel)
	return ctx
}

func OuterVariable(parent context.Context) {
	var cancel context.CancelFunc
	func() {
		_, cancel = context.WithCancel(parent)
	}()
	defer cancel()
}

var errLate = errors.New("late")

func CheckedInCondition(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	if cancel == nil || fetch(ctx) != nil {
		return errLate
	}
	return nil
}
