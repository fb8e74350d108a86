import ArgumentParser
import Parcours
import ParcoursServer

struct ServeCommand: AsyncParsableCommand, LongRunningCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Preview the site: build, serve on the loopback, rebuild and reload on every save.")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port).")
    var port = 8080

    @OptionGroup var options: BuildOptionGroup

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535 (0: any free port), not \(port)")
        }
    }

    func runUntilStopped() async throws {
        try await PreviewServer.run(.init(build: options.buildOptions, host: host, port: port, showsTimings: options.timings))
    }
}
