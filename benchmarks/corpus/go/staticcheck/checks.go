package staticcheck

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"time"
)

type key struct{}

type userKey string

const requestID = "request-id"

func load(ctx context.Context, name string) error { return nil }

type store struct{}

func (s *store) get(ctx context.Context, id int) error { return nil }

func open(name string) (io.ReadCloser, error) { return os.Open(name) }

// ---- SA1012: nil Context -----------------------------------------------

func NilToLocal() error {
	// want: GO027
	return load(nil, "x")
}

func NilToMethod(s *store) error {
	// want: GO027
	return s.get(nil, 1)
}

func NilToStandard(url string) (*http.Request, error) {
	// want: GO027
	return http.NewRequestWithContext(nil, http.MethodGet, url, nil)
}

func NilToCommand() *exec.Cmd {
	// want: GO027
	return exec.CommandContext(nil, "true")
}

func TODOContext() error {
	return load(context.TODO(), "x")
}

// ---- SA1029: built-in type as a context key ------------------------------

func StringKey(ctx context.Context, id string) context.Context {
	// want: GO028
	return context.WithValue(ctx, "request-id", id)
}

func UntypedConstant(ctx context.Context, id string) context.Context {
	// want: GO028
	return context.WithValue(ctx, requestID, id)
}

func IntKey(ctx context.Context, n int) context.Context {
	// want: GO028
	return context.WithValue(ctx, 1, n)
}

func OwnKeys(ctx context.Context, id string) context.Context {
	ctx = context.WithValue(ctx, key{}, id)
	return context.WithValue(ctx, userKey("user"), id)
}

// ---- SA5001: Close deferred before the error check ----------------------

func EarlyClose(name string) ([]byte, error) {
	f, err := os.Open(name)
	// want: GO029
	defer f.Close()
	if err != nil {
		return nil, err
	}
	return io.ReadAll(f)
}

func EarlyBodyClose(url string) error {
	resp, err := http.Get(url)
	// want: GO025 GO029
	defer resp.Body.Close()
	if err != nil {
		return err
	}
	return nil
}

func EarlyLocalClose(name string) error {
	r, err := open(name)
	// want: GO029
	defer r.Close()
	return err
}

func CheckedFirst(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// ---- SA9001: defer in a range over a channel -----------------------------

func DeferPerMessage(messages chan string) {
	for m := range messages {
		// want: GO015
		defer println(m)
	}
}

func DeferUntilStop(ticks <-chan time.Time, stop func() bool) {
	for range ticks {
		// want: GO015
		defer println("tick")
		if stop() {
			break
		}
	}
}

// ---- SA9002: file mode that is not octal --------------------------------

func DecimalMode(name string, data []byte) error {
	// want: GO030
	return os.WriteFile(name, data, 644)
}

func DecimalDirectory(name string) error {
	// want: GO030
	return os.MkdirAll(name, 755)
}

func OctalMode(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}
