package copylocks

import "sync"

// Lockish allows only lock types: any T it allows holds a lock.
type Lockish interface{ sync.Mutex | sync.RWMutex }

// want: GO010
func ByConstraint[T sync.Mutex | ~int](t T) {}

// want: GO010
func ByInlineInterface[T interface{ Counter }](t T) {}

// want: GO010
func ByNamedInterface[T Lockish](t T) {}

func AnyType[T any](t T) {}

func Numbers[T int | string](t T) {}

func PointerConstraint[T *sync.Mutex](t T) {}

func PointerParameter[T sync.Mutex](t *T) {}
