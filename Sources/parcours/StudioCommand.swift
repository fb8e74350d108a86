import ArgumentParser
import Foundation
import ParcoursStudio

/// `parcours studio`: runs the hosted studio; `parcours studio user …` manages its accounts.
struct StudioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studio",
        abstract: "Run the studio (the hosted editor, with accounts, history and publishing), or manage its accounts.",
        subcommands: [StudioRunCommand.self, StudioUserCommand.self],
        defaultSubcommand: StudioRunCommand.self)
}

struct StudioConfigOption: ParsableArguments {
    @Option(name: .long, help: "The studio's configuration file.")
    var config = "studio.yaml"

    /// The configuration, or every problem of it on standard error and exit code 2.
    func load() throws -> StudioConfiguration {
        switch StudioConfiguration.load(path: config) {
        case .success(let configuration): return configuration
        case .failure(let errors):
            FileHandle.standardError.write(Data((errors.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

struct StudioRunCommand: AsyncParsableCommand, LongRunningCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the studio (the default).")

    @OptionGroup var options: StudioConfigOption

    func runUntilStopped() async throws {
        let configuration = try options.load()
        let studio: Studio
        do {
            studio = try Studio.open(configuration)
        } catch {
            FileHandle.standardError.write(Data("Le studio n’a pas pu s’ouvrir : \(error)\n".utf8))
            throw ExitCode(1)
        }
        try await StudioServer.run(studio)
    }
}

struct StudioUserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the studio's accounts.",
        subcommands: [Add.self, ResetPassword.self, ResetSecondFactor.self, Remove.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account (the password is read from standard input, or asked twice on a terminal).")
        @Argument(help: "The account's e-mail address.") var email: String
        @Option(help: "redaction, administration or secretariat.") var role: String
        @Option(help: "The person's name, as the history shows it.") var name: String?
        @OptionGroup var options: StudioConfigOption

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be redaction, administration or secretariat, not '\(role)'")
            }
            let administration = try StudioUserCommand.open(options)
            let password = try PasswordPrompt.read()
            try StudioUserCommand.report {
                _ = try administration.accounts.add(email: email, name: name ?? email, role: role, password: password)
                administration.record(.added, email: email)
                print("Compte créé : \(email) (\(role.label))" + (role == .administration ? ". La double authentification sera demandée à la première connexion." : ""))
            }
        }
    }

    struct ResetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "Give an account a new password (its sessions end).")
        @Argument(help: "The account's e-mail address.") var email: String
        @OptionGroup var options: StudioConfigOption

        func run() throws {
            let administration = try StudioUserCommand.open(options)
            let password = try PasswordPrompt.read()
            try StudioUserCommand.report {
                try administration.accounts.resetPassword(email: email, password: password)
                administration.record(.passwordReset, email: email)
                print("Mot de passe changé pour \(email) ; ses sessions sont fermées.")
            }
        }
    }

    struct ResetSecondFactor: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-second-factor",
                                                        abstract: "A lost phone: the account enrols a new second factor at its next login.")
        @Argument(help: "The account's e-mail address.") var email: String
        @OptionGroup var options: StudioConfigOption

        func run() throws {
            let administration = try StudioUserCommand.open(options)
            try StudioUserCommand.report {
                try administration.accounts.resetSecondFactor(email: email)
                administration.record(.secondFactorReset, email: email)
                print("Double authentification réinitialisée pour \(email) : un nouveau code QR sera montré à sa prochaine connexion.")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account (its history stays in the site's history and the journal).")
        @Argument(help: "The account's e-mail address.") var email: String
        @OptionGroup var options: StudioConfigOption

        func run() throws {
            let administration = try StudioUserCommand.open(options)
            try StudioUserCommand.report {
                try administration.accounts.remove(email: email)
                administration.record(.removed, email: email)
                print("Compte supprimé : \(email)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var options: StudioConfigOption

        func run() throws {
            let administration = try StudioUserCommand.open(options)
            try StudioUserCommand.report {
                for account in try administration.accounts.list() {
                    let factor = account.role == .administration ? (account.hasSecondFactor ? "  double authentification active" : "  double authentification à activer") : ""
                    print("\(account.email)\t\(account.role.rawValue)\t\(account.name)\(factor)")
                }
            }
        }
    }

    static func open(_ options: StudioConfigOption) throws -> StudioAdministration {
        let configuration = try options.load()
        do {
            return try StudioAdministration(configuration)
        } catch {
            FileHandle.standardError.write(Data("Les données du studio (\(configuration.data)) n’ont pas pu s’ouvrir : \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// A refusal (unknown address, short password…) is a sentence and exit code 1.
    static func report(_ work: () throws -> Void) throws {
        do {
            try work()
        } catch {
            FileHandle.standardError.write(Data("Erreur : \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// The password: one line of standard input when it is not a terminal (scripts, tests);
/// asked twice, without echo, on a terminal.
enum PasswordPrompt {
    static func read() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                FileHandle.standardError.write(Data("Erreur : aucun mot de passe sur l’entrée standard (une ligne)\n".utf8))
                throw ExitCode(1)
            }
            return line
        }
        let first = hidden("Mot de passe : ")
        let second = hidden("Le même, encore : ")
        guard first == second else {
            FileHandle.standardError.write(Data("Erreur : les deux mots de passe diffèrent ; rien n’a changé\n".utf8))
            throw ExitCode(1)
        }
        return first
    }

    private static func hidden(_ prompt: String) -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
