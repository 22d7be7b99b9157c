package loopclosure

import (
	"context"

	"github.com/sourcegraph/conc"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

func use(...any) error { return nil }

func RangeAssigned(items []string) {
	var item string
	for _, item = range items {
		go func() {
			// want: GO005
			_ = use(item)
		}()
	}
}

func PostStatement(n int) {
	var i int
	for i = 0; i < n; i++ {
		// want: GO015
		defer func() {
			// want: GO005
			_ = use(i)
		}()
	}
}

func NestedLiteral(items []string) {
	for _, item := range items {
		go func() {
			defer func() {
				// want: GO005
				_ = use(item)
			}()
		}()
	}
}

func LastInBranch(items []string, fast bool) {
	for _, item := range items {
		if fast {
			go func() {
				// want: GO005
				_ = use(item)
			}()
		} else {
			_ = use(item)
		}
	}
}

func LastInSelect(items []string, done chan struct{}) {
	for i := range items {
		select {
		case <-done:
		default:
			go func() {
				// want: GO005
				_ = use(items[i])
			}()
		}
	}
}

func ErrGroup(ctx context.Context, items []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, item := range items {
		g.Go(func() error {
			// want: GO005
			return use(ctx, item)
		})
	}
	return g.Wait()
}

type fetcher struct {
	group errgroup.Group
}

func (f *fetcher) All(items []string) error {
	for _, item := range items {
		f.group.Go(func() error {
			// want: GO005
			return use(item)
		})
	}
	return f.group.Wait()
}

func ConcWaitGroup(items []string) {
	var wg conc.WaitGroup
	for _, item := range items {
		wg.Go(func() {
			// want: GO005
			_ = use(item)
		})
	}
	wg.Wait()
}

func ConcPool(items []string) {
	p := pool.New()
	for _, item := range items {
		p.Go(func() {
			// want: GO005
			_ = use(item)
		})
	}
	p.Wait()
}

// ---- quiet -------------------------------------------------------------

func Copied(items []string) {
	for _, item := range items {
		item := item
		go func() { _ = use(item) }()
	}
}

func Argument(items []string) {
	for _, item := range items {
		go func(item string) { _ = use(item) }(item)
	}
}

func Waited(items []string) {
	for _, item := range items {
		done := make(chan struct{})
		go func() {
			defer close(done)
			_ = use(item)
		}()
		<-done
	}
}

func CalledNow(items []string) {
	for _, item := range items {
		func() { _ = use(item) }()
	}
}
