package loopclosure

import "testing"

func TestParallelLater(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			label := "case " + name
			t.Parallel()
			// want: GO005
			_ = use(label, name)
		})
	}
}

func TestSequential(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			_ = use(name)
		})
	}
}
