package main

import (
	"log"
	"net/http"
	// want: GO023
	_ "net/http/pprof"
	"time"
)

func main() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}
	// want: GO026
	log.Fatal(srv.ListenAndServe())
}
