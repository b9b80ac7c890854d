// The pause charm of the hook benchmark, written with goops.
//
// On pause-pebble-ready it makes sure the plan holds the pause layer (adding it with combine
// and replanning when it does not) and sets the unit active, as the Rust charm does with
// Container::ensure_layer. Other hooks do nothing.
package main

import (
	"fmt"
	"os"

	"github.com/canonical/pebble/client"
	"github.com/gruyaume/goops"
	"gopkg.in/yaml.v3"
)

const layer = `summary: pause layer
services:
  pause:
    override: replace
    summary: pause service
    command: /bin/sleep 1000
    startup: enabled
`

type service struct {
	Override string `yaml:"override"`
	Summary  string `yaml:"summary"`
	Command  string `yaml:"command"`
	Startup  string `yaml:"startup"`
}

type plan struct {
	Services map[string]service `yaml:"services"`
}

var wanted = service{Override: "replace", Summary: "pause service", Command: "/bin/sleep 1000", Startup: "enabled"}

func applied(pebble goops.PebbleClient) (bool, error) {
	data, err := pebble.PlanBytes(nil)
	if err != nil {
		return false, fmt.Errorf("could not read the plan: %w", err)
	}
	var current plan
	if err := yaml.Unmarshal(data, &current); err != nil {
		return false, fmt.Errorf("could not parse the plan: %w", err)
	}
	svc, ok := current.Services["pause"]
	return ok && svc == wanted, nil
}

func pebbleReady() error {
	pebble := goops.Pebble("pause")
	ok, err := applied(pebble)
	if err != nil {
		return err
	}
	if !ok {
		err = pebble.AddLayer(&client.AddLayerOptions{Combine: true, Label: "pause", LayerData: []byte(layer)})
		if err != nil {
			return fmt.Errorf("could not add the layer: %w", err)
		}
		changeID, err := pebble.Replan(&client.ServiceOptions{})
		if err != nil {
			return fmt.Errorf("could not replan: %w", err)
		}
		change, err := pebble.WaitChange(changeID, &client.WaitChangeOptions{})
		if err != nil {
			return fmt.Errorf("could not wait for the replan: %w", err)
		}
		if change.Err != "" {
			return fmt.Errorf("replan failed: %s", change.Err)
		}
	}
	return goops.SetUnitStatus(goops.StatusActive, "")
}

func main() {
	env := goops.ReadEnv()
	switch env.HookName {
	case "pause-pebble-ready":
		if err := pebbleReady(); err != nil {
			goops.LogErrorf("pause-pebble-ready failed: %s", err.Error())
			os.Exit(1)
		}
	default:
	}
}
