package copylocks

import (
	"fmt"
	"sync"
)

func LiteralField(x *sync.Mutex) {
	w := struct{ L sync.Mutex }{
		// want: GO010
		L: *x,
	}
	_ = &w
}

func LiteralElements(cp *Counter) {
	all := []Counter{
		// want: GO010
		*cp,
	}
	byName := map[string]Counter{
		// want: GO010
		"a": *cp,
	}
	_, _ = all, byName
}

func ShadowedNew(c *Counter) {
	new := func(any) {}
	// want: GO010
	new(*c)
}

func NestedStruct(s *Stats) {
	// want: GO010
	copied := *s
	_ = &copied
}

func Embedded(w *Wrapped) {
	// want: GO010
	v := *w
	_ = &v
}

func Array(s *Striped) {
	// want: GO010
	locks := s.locks
	_ = &locks
}

func TypeArgument(b *Box[sync.Mutex]) {
	// want: GO010
	inner := b.value
	_ = &inner
}

func Atomic(g *Gauge) {
	// want: GO010
	snapshot := *g
	_ = &snapshot
}

func Marker(h *Handle) {
	// want: GO010
	dup := *h
	_ = &dup
}

func Argument(c *Counter) {
	// want: GO010
	fmt.Println(*c)
}

func Result(c *Counter) Counter {
	// want: GO010
	return *c
}

func RangeValue(cs []Counter) {
	// want: GO010
	for _, c := range cs {
		_ = &c
	}
}

func RangeAssign(cs map[string]Stats) {
	var s Stats
	// want: GO010
	for _, s = range cs {
	}
	_ = &s
}

func Param(
	// want: GO010
	c Counter) {
	_ = &c
}

func LiteralParam() {
	// want: GO010
	f := func(g Guarded) {}
	_ = f
}

// want: GO010
func (s Stats) Value() int { return 0 }

func VarDecl(c *Counter) {
	// want: GO010
	var v = *c
	_ = &v
}

func Interface(c *Counter) {
	// want: GO010
	var i any = *c
	_ = i
}

func Append(cs []Counter, c *Counter) []Counter {
	// want: GO010
	return append(cs, *c)
}

func Send(ch chan Counter, c *Counter) {
	// want: GO010
	ch <- *c
}

func Field(s *Stats) {
	// want: GO010
	hits := s.hits
	_ = &hits
}

// ---- quiet ------------------------------------------------------------

func Pointers(c *Counter, s *Stats) {
	p := c
	q := &s.hits
	consume(p)
	_ = q
}

func Fresh() {
	c := Counter{}
	d := newCounter()
	e := *new(Counter)
	_, _, _ = &c, &d, &e
}

func Builtins(cs []Counter) {
	_ = len(cs)
	_ = new(Counter)
}

func NotALock(f *Free) {
	g := *f
	_ = &g
	var p Plain
	q := p
	_ = q
}

func Literal() {
	x := Box[int]{value: 1}
	y := x
	_ = y
}
