// pulumi-language-java STAND-IN: a minimal Java language host for the tests and the harness of odoo-stack.
// It runs only a prebuilt jar (runtime.options.binary in Pulumi.yaml); see README.md for what it leaves out.
// Contract followed: pulumi/pulumi-java pkg/cmd/pulumi-language-java/main.go and pkg/internal/executors/executor_jar.go.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The resource plugins the odoo-stack program needs. They must match pom.xml (com.pulumi:docker 4.5.1) and the
// hand-written command binding (1.2.1); the real host asks the jar (com.pulumi.bootstrap.internal.Main packages).
const (
	dockerPluginVersion  = "4.5.1"
	commandPluginVersion = "1.2.1"
)

// Exit code of a Pulumi SDK program that has already reported its error to the engine (Runner.java).
const exitAfterLoggingError = 32

func main() {
	// The engine starts `pulumi-language-java [--logtostderr] [-v=N] [--tracing URL] <engine-address>`; older engines
	// and the real host also know -root, -binary and -use-executor. Other flags are ignored; the engine address is the
	// last positional argument.
	host := &javaHost{}
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") {
			host.engineAddress = args[i]
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		switch name {
		case "tracing", "binary", "root", "use-executor": // the flags that take a value
			if !hasVal && i+1 < len(args) {
				i++
				val = args[i]
			}
			if name == "tracing" {
				host.tracing = val
			} else if name == "binary" {
				host.binary = val
			}
		}
	}
	var cancel chan bool
	if host.engineAddress != "" {
		// Stop serving when the engine goes away, as every language host does.
		ctx, stop := context.WithCancel(context.Background())
		cancel = make(chan bool)
		go func() { <-ctx.Done(); close(cancel) }()
		if err := rpcutil.Healthcheck(ctx, host.engineAddress, 5*time.Minute, stop); err != nil {
			fail("could not start health check host RPC server: %v", err)
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fail("could not start language host RPC server: %v", err)
	}
	fmt.Printf("%d\n", handle.Port) // the engine reads the port from the first line of stdout
	if err := <-handle.Done; err != nil {
		fail("language host RPC stopped serving: %v", err)
	}
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-java (stand-in): "+format+"\n", a...)
	os.Exit(1)
}

type javaHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	mu            sync.Mutex
	engineAddress string
	tracing       string
	binary        string
}

func (h *javaHost) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *javaHost) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{Packages: []*pulumirpc.PackageDependency{
		{Kind: "resource", Name: "docker", Version: dockerPluginVersion},
		{Kind: "resource", Name: "command", Version: commandPluginVersion},
	}}, nil
}

func (h *javaHost) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: []*pulumirpc.PluginDependency{
		{Kind: "resource", Name: "docker", Version: dockerPluginVersion},
		{Kind: "resource", Name: "command", Version: commandPluginVersion},
	}}, nil
}

func (h *javaHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd()
	}
	binary := h.binary
	if b, ok := req.GetInfo().GetOptions().AsMap()["binary"].(string); ok && b != "" {
		binary = b
	}
	if binary == "" || !strings.EqualFold(filepath.Ext(binary), ".jar") {
		return &pulumirpc.RunResponse{
			Error: "this stand-in pulumi-language-java runs only a prebuilt jar (runtime.options.binary)"}, nil
	}
	if !filepath.IsAbs(binary) {
		binary = filepath.Join(dir, binary)
	}
	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, fmt.Errorf("failed to serialize configuration: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("failed to serialize configuration secret keys: %w", err)
	}
	h.mu.Lock()
	engine := h.engineAddress
	h.mu.Unlock()

	env := os.Environ()
	set := func(k, v string) { // like the real host's maybeAppendEnv: empty values are left out
		if v != "" {
			env = append(env, "PULUMI_"+k+"="+v)
		}
	}
	set("MONITOR", req.GetMonitorAddress())
	set("ENGINE", engine)
	set("ORGANIZATION", req.GetOrganization())
	set("PROJECT", req.GetProject())
	set("STACK", req.GetStack())
	set("PWD", req.GetPwd())
	set("DRY_RUN", fmt.Sprint(req.GetDryRun()))
	set("QUERY_MODE", fmt.Sprint(req.GetQueryMode()))
	set("PARALLEL", fmt.Sprint(req.GetParallel()))
	set("TRACING", h.tracing)
	set("CONFIG", string(config))
	set("CONFIG_SECRET_KEYS", string(secretJSON))

	cmd := exec.CommandContext(ctx, "java", "-jar", filepath.Clean(binary))
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exit) && exit.ExitCode() == exitAfterLoggingError:
		// The SDK has already reported the error to the engine: nothing more to say.
		return &pulumirpc.RunResponse{Error: err.Error(), Bail: true}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("java -jar %s: %v", binary, err)}, nil
	}
}

func (h *javaHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: "0.0.0-standin"}, nil
}

func (h *javaHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	java, err := exec.LookPath("java")
	if err != nil {
		return nil, fmt.Errorf("could not find executable 'java': %w", err)
	}
	version := ""
	if out, err := exec.Command(java, "-version").CombinedOutput(); err == nil {
		version = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	}
	return &pulumirpc.AboutResponse{Executable: java, Version: version,
		Metadata: map[string]string{"standin": "true"}}, nil
}

// InstallDependencies has nothing to do for a prebuilt jar (the real jar executor skips it too).
func (h *javaHost) InstallDependencies(*pulumirpc.InstallDependenciesRequest,
	pulumirpc.LanguageRuntime_InstallDependenciesServer) error {
	return nil
}

func (h *javaHost) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *javaHost) RuntimeOptionsPrompts(context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}
