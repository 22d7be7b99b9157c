module example.com/copylocks

go 1.21
