module pausecharm

go 1.24.6

require (
	github.com/canonical/pebble v1.22.2
	github.com/gruyaume/goops v0.0.23
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/gorilla/websocket v1.5.1 // indirect
	golang.org/x/net v0.40.0 // indirect
	golang.org/x/sys v0.33.0 // indirect
)
