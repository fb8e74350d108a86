import Foundation
import Parcours
import Synchronization

/// On a terminal, a build that takes more than a second shows which stage it is at, on one
/// line of standard error that is rewritten and then erased. Not when the output is a file
/// or a pipe: logs stay clean.
final class Progress: @unchecked Sendable {
    // @unchecked: `timer` is set once in init, and a dispatch source may be cancelled from
    // any thread; everything else is behind the mutex.
    private let stages: [String]
    private let state = Mutex((done: [String](), shown: false, finished: false))
    private let timer: DispatchSourceTimer?

    /// - Parameter stages: the stages the build will go through, in order.
    init(stages: [String], enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.stages = stages
        guard enabled else {
            timer = nil
            return
        }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        self.timer = timer
        timer.schedule(deadline: .now() + 1, repeating: 0.25)
        timer.setEventHandler { [weak self] in self?.show() }
        timer.resume()
    }

    /// For `BuildOptions.stageFinished`.
    func stageFinished(_ stage: String) {
        state.withLock { $0.done.append(stage) }
    }

    private func show() {
        state.withLock { state in
            guard !state.finished else { return }
            guard let next = stages.first(where: { !state.done.contains($0) }) else { return }
            let step = (stages.firstIndex(of: next) ?? 0) + 1
            FileHandle.standardError.write(Data("\r\u{1B}[2Kparcours: \(next)… (step \(step) of \(stages.count))".utf8))
            state.shown = true
        }
    }

    /// Stops and erases the line, before the build's own output.
    func finish() {
        timer?.cancel()
        state.withLock { state in
            state.finished = true
            if state.shown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        }
    }
}
