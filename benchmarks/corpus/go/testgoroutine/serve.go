package testgoroutine

func serve() error { return nil }
