module wpbench

go 1.19
