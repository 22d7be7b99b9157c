package conc

import "testing"

func TestGoroutineFatal(t *testing.T) {
	done := make(chan bool)
	go func() {
		defer close(done)
		if err := work(); err != nil {
			// want: GO011
			t.Fatal(err)
		}
	}()
	<-done
}

func TestErrorInGoroutine(t *testing.T) {
	done := make(chan bool)
	go func() {
		defer close(done)
		if err := work(); err != nil {
			t.Error(err)
		}
	}()
	<-done
}
