package pkgscope

import (
	"context"
	"database/sql"
	"io"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func Start(items []int) {
	for range items {
		go func() {
			// want: GO006
			wg.Add(1)
			defer wg.Done()
		}()
	}
	wg.Wait()
}

func (w *Worker) Run() {
	go func() {
		// want: GO006
		w.wg.Add(1)
		defer w.wg.Done()
	}()
	w.wg.Wait()
}

func Finish(fail bool) {
	go func() {
		if fail {
			return
		}
		// want: GO007
		wg.Done()
	}()
}

func Fetch(url string) {
	// want: GO024
	resp, err := client.Get(url)
	if err != nil {
		return
	}
	use(resp.StatusCode)
}

func FetchEarly(url string) {
	resp, err := client.Get(url)
	// want: GO025 GO029
	defer resp.Body.Close()
	if err != nil {
		return
	}
	_, _ = io.ReadAll(resp.Body)
}

func Copies(w *Worker) {
	// want: GO010
	m := mu
	// want: GO010
	c := *w
	use(&m, &c)
}

// The script and the table name are constants declared in decls.go.
func Constants(db *sql.DB, id string) {
	_ = exec.Command("sh", "-c", script).Run()
	_, _ = db.Query("SELECT name FROM " + table + " WHERE id = ?", id)
	// want: GO020
	_, _ = db.Query("SELECT name FROM " + table + " WHERE id = " + id)
}

func (w *Worker) Bump() {
	w.mu.Lock()
	// want: GO008
	defer w.mu.Lock()
	w.jobs <- 1
}

func Locked(fail bool) int {
	mu.Lock()
	if fail {
		// want: GO009
		return 0
	}
	mu.Unlock()
	return 1
}

func Insecure() {
	// want: GO001
	tlsCfg.InsecureSkipVerify = true
}

func Cancel() {
	// want: GO012
	ctx, _ := context.WithTimeout(base, time.Second)
	use(ctx)
}

func Signals() {
	signal.Notify(stop, syscall.SIGTERM)
}

// jobs is a sync.WaitGroup on Linux and a no-op elsewhere (jobs_*.go): two
// files declare it, so its type is unknown and nothing is reported.
func Jobs(fail bool) {
	go func() {
		if fail {
			return
		}
		jobs.Done()
	}()
}

// Functions declared in decls.go: ranging over the slice one returns
// copies each element; *newCounter() may be a fresh value (go vet agrees),
// but copying it on is a copy.
func Ranges() {
	// want: GO010
	for _, c := range counters() {
		use(c.n)
	}
	d := *newCounter()
	// want: GO010
	e := d
	use(&e)
}
