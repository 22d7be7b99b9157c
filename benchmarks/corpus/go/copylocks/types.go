package copylocks

import (
	"sync"
	"sync/atomic"
)

type Counter struct {
	mu sync.Mutex
	n  int
}

// Nested: the lock is two structs down.
type Stats struct {
	hits Counter
}

type Guarded struct {
	sync.RWMutex
	data map[string]string
}

// Wrapped embeds a struct that embeds the lock.
type Wrapped struct {
	Guarded
}

type Striped struct {
	locks [4]sync.Mutex
}

type Box[T any] struct {
	value T
}

type Gauge struct {
	current atomic.Int64
}

// noCopy is the vet idiom: a pointer Lock/Unlock marks its holder as not
// to be copied.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

type Handle struct {
	_  noCopy
	id int
}

// Plain has a value Lock method: it is not a lock to vet.
type Plain struct{}

func (Plain) Lock()   {}
func (Plain) Unlock() {}

type Free struct {
	p  Plain
	mu *sync.Mutex
}

func newCounter() Counter { return Counter{} }

func consume(v any) {}
