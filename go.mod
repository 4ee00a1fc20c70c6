module github.com/newsreuse/dedupe

go 1.26.0

require (
	github.com/klauspost/compress v1.20.3
	github.com/spaolacci/murmur3 v1.1.0
	github.com/stretchr/testify v1.12.1
	golang.org/x/net v0.62.0
	golang.org/x/term v0.47.0
	golang.org/x/text v0.43.0
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
