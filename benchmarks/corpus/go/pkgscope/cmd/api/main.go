package main

import "log"

func main() {
	// want: GO026
	log.Fatal(srv.ListenAndServe())
}
