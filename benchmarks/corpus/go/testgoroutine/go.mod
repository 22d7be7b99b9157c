module example.com/testgoroutine

go 1.22
