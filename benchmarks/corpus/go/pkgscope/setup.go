package pkgscope

import "time"

func init() {
	srv.ReadHeaderTimeout = 5 * time.Second
}
