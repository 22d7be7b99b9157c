//go:build linux

package pkgscope

import "sync"

var jobs sync.WaitGroup
