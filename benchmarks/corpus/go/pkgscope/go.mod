module example.com/pkgscope

go 1.22
