// compose-check validates Compose files the way `docker compose config` does, without a
// container engine: compose-go (the loader Docker Compose itself uses) checks them against
// the Compose Specification's JSON schema, interpolates variables from the environment and
// checks the model's consistency (services, networks and volumes referred to exist,
// depends_on has no cycle), with the profiles COMPOSE_PROFILES names. It prints the services
// it loaded, or the loader's error and exits 1.
//
//	compose-check docker-compose.yml [more.yml ...]
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check <compose file> [more files]")
		os.Exit(2)
	}
	options, err := cli.NewProjectOptions(os.Args[1:], cli.WithOsEnv, cli.WithDefaultProfiles(), cli.WithConsistency(true))
	if err == nil {
		var project interface{ ServiceNames() []string }
		project, err = options.LoadProject(context.Background())
		if err == nil {
			fmt.Printf("valid: services %s\n", strings.Join(project.ServiceNames(), ", "))
			return
		}
	}
	fmt.Fprintf(os.Stderr, "invalid: %v\n", err)
	os.Exit(1)
}
