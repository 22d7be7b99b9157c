package main

import (
	"net/http"
	"time"
)

// The server main.go starts, declared in another file of package main.
var srv = &http.Server{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}
