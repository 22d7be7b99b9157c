package testgoroutine

import (
	"testing"
)

func mustServe(t *testing.T) {
	if err := serve(); err != nil {
		t.Fatalf("serve: %v", err)
	}
}

func skipSlow(tb testing.TB) {
	tb.Skip("slow")
}

// check calls a helper that fails the test: two levels down.
func check(t *testing.T) {
	mustServe(t)
}

type suite struct{ name string }

func (s *suite) run(t *testing.T) {
	t.FailNow()
}

func TestLiteral(t *testing.T) {
	go func() {
		if err := serve(); err != nil {
			// want: GO011
			t.Fatal(err)
		}
	}()
}

func TestDirect(t *testing.T) {
	// want: GO011
	go t.Fatal("stop")
}

func TestHelper(t *testing.T) {
	// want: GO011
	go mustServe(t)
}

func TestHelperTB(t *testing.T) {
	// want: GO011
	go skipSlow(t)
}

func TestFunctionValue(t *testing.T) {
	stop := func() {
		t.FailNow()
	}
	// want: GO011
	go stop()
}

func TestMethod(t *testing.T) {
	s := &suite{name: "x"}
	// want: GO011
	go s.run(t)
}

func TestParameter(t *testing.T) {
	go func(t *testing.T) {
		// want: GO011
		t.SkipNow()
	}(t)
}

func TestInterface(t *testing.T) {
	var tb testing.TB = t
	go func() {
		// want: GO011
		tb.Fatal("stop")
	}()
}

func BenchmarkLiteral(b *testing.B) {
	go func() {
		// want: GO011
		b.Skipf("skip %d", 1)
	}()
}

func TestTwoLevels(t *testing.T) {
	// want: GO011
	go check(t)
}

func FuzzLiteral(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		go func() {
			// want: GO011
			t.Fatal(s)
		}()
	})
}

// ---- quiet -------------------------------------------------------------

func TestErrorOnly(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := serve(); err != nil {
			t.Error(err)
		}
	}()
	<-done
}

func TestSubtest(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		t.Fatal("in the subtest's own goroutine")
	})
}

func TestHelperNotStarted(t *testing.T) {
	mustServe(t)
	go serve()
}

func TestFatalAfterWait(t *testing.T) {
	errs := make(chan error, 1)
	go func() { errs <- serve() }()
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
}
