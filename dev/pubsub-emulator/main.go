// Command pubsub-emulator serves the Google Cloud Pub/Sub gRPC API in memory, for tests and local
// runs. It wraps cloud.google.com/go/pubsub/v2/pstest, the fake Google ships for its own client
// tests, because the official emulator needs the gcloud SDK and a JVM download we cannot fetch.
//
// Clients reach it through PUBSUB_EMULATOR_HOST=127.0.0.1:<port>. It prints
// "pubsub-emulator listening on <addr>" once the port is bound and exits on SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"cloud.google.com/go/pubsub/v2/pstest"
)

func main() {
	host := flag.String("host", "127.0.0.1", "address to bind; keep it on loopback")
	port := flag.Int("port", 8085, "TCP port for the gRPC API (0 picks a free one)")
	flag.Parse()

	srv := pstest.NewServerWithAddress(fmt.Sprintf("%s:%d", *host, *port))
	fmt.Printf("pubsub-emulator listening on %s\n", srv.Addr)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	sig := <-stop
	if err := srv.Close(); err != nil {
		log.Printf("pubsub-emulator: close after %v: %v", sig, err)
		os.Exit(1)
	}
	fmt.Printf("pubsub-emulator stopped by %v\n", sig)
}
