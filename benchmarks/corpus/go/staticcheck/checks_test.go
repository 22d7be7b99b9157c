package staticcheck

import "testing"

func TestDeferInChannelLoop(t *testing.T) {
	results := make(chan int)
	go func() {
		results <- 1
	}()
	for r := range results {
		// want: GO015
		defer t.Log(r)
	}
}
