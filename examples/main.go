// Command orders is a deliberately flawed service: `make check` lints it.
package main

import (
	"crypto/tls"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

var (
	mu     sync.Mutex
	orders = map[string]int{}
)

func handle(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	mu.Unlock()
	orders[r.URL.Path]++
	w.WriteHeader(http.StatusNoContent)
}

func upstream() *http.Client {
	return &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}}
}

func main() {
	stop := make(chan os.Signal)
	signal.Notify(stop, syscall.SIGTERM)
	go func() {
		<-stop
		log.Print("shutting down")
		os.Exit(0)
	}()
	_ = upstream()
	http.HandleFunc("/", handle)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
