import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// While the fuzzer runs, a crash prints where its input is and ends the process at once,
/// with the crash's signal (so that `swift test` and `scripts/fuzz` still report it).
///
/// This replaces the Swift runtime's backtracer for those signals: on a stack overflow in a
/// worker thread, the backtracer sometimes waits for ever, paused threads and all, and a
/// fuzzing run that hangs in CI is worse than one without a backtrace. For the backtrace,
/// build the input with `parcours` (README.md), or set `PARCOURS_FUZZ_BACKTRACE=1`.
enum CrashNote {
    nonisolated(unsafe) private static var message: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var length = 0
    private static let signals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]

    static func install(inputFolder: URL) {
        #if canImport(Glibc)
        guard ProcessInfo.processInfo.environment["PARCOURS_FUZZ_BACKTRACE"] != "1", message == nil else { return }
        let text = "\nparcours fuzz: CRASH while building the input in \(inputFolder.path) (signal below).\n"
        message = strdup(text)
        length = text.utf8.count
        // Room to run the handler on the thread that overflowed its stack, when it is this one.
        let size = 1 << 16
        var alternate = stack_t(ss_sp: UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16), ss_flags: 0, ss_size: size)
        sigaltstack(&alternate, nil)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            if let message = CrashNote.message { _ = write(2, message, CrashNote.length) }
            // SA_RESETHAND put the default action back: the process ends with this signal.
            raise(signal)
        }
        action.sa_flags = Int32(bitPattern: UInt32(SA_ONSTACK) | UInt32(SA_RESETHAND) | UInt32(SA_NODEFER))
        sigemptyset(&action.sa_mask)
        for signal in signals { sigaction(signal, &action, nil) }
        #endif
    }
}
