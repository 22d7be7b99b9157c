package poller

import (
	"context"
	"time"
)

func check() {}

func Poll(ctx context.Context) {
	// want: GO013
	tick := time.Tick(time.Second)
	for {
		select {
		case <-tick:
			check()
		case <-ctx.Done():
			return
		}
	}
}

// An endless function keeps its ticker for ever anyway.
func Forever() {
	tick := time.Tick(time.Second)
	for {
		<-tick
		check()
	}
}
