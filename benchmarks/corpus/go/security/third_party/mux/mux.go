// Package mux stands in for github.com/gorilla/mux: the API the rules
// follow, nothing more.
package mux

import "net/http"

func Vars(r *http.Request) map[string]string { return map[string]string{} }
