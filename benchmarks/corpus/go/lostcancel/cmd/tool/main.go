package main

import (
	"context"
	"time"
)

// Returning from main ends the process: nothing leaks.
func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	<-ctx.Done()
	_ = cancel
	run()
}

func run() {
	// want: GO012
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	if ctx.Err() != nil {
		cancel()
	}
}
