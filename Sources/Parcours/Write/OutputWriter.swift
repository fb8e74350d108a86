import Foundation

/// The last stage: files in memory → the output folder. Everything is written to a
/// temporary folder beside it, then swapped in, so that a build that fails half-way
/// leaves the previous site exactly as it was.
public enum OutputWriter {
    public static func write(_ files: [OutputFile], to output: String, contentDirectory: String) -> [Diagnostic] {
        let fileManager = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(name).building-\(pid)")
        let previous = parent.appendingPathComponent(".\(name).previous-\(pid)")

        func failure(_ message: String) -> [Diagnostic] {
            try? fileManager.removeItem(at: staging)
            return [.error(at: nil, "write: \(message)")]
        }

        do {
            try? fileManager.removeItem(at: staging)
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            let folders = Set(files.map { ($0.path as NSString).deletingLastPathComponent }).filter { !$0.isEmpty }
            for folder in folders.sorted() {
                try fileManager.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
        } catch {
            return failure("cannot create \(staging.path): \(error.localizedDescription)")
        }

        let contentRoot = URL(fileURLWithPath: contentDirectory)
        let problems = ParallelMap.map(files) { file -> String? in
            let destination = staging.appendingPathComponent(file.path)
            do {
                switch file.contents {
                case .text(let text): try Data(text.utf8).write(to: destination)
                case .data(let data): try data.write(to: destination)
                case .copy(let source): try FileManager.default.copyItem(at: contentRoot.appendingPathComponent(source), to: destination)
                }
                return nil
            } catch {
                return "cannot write \(file.path): \(error.localizedDescription)"
            }
        }.compactMap { $0 }
        if let first = problems.first {
            return failure(first)
        }

        do {
            var isFolder: ObjCBool = false
            let existed = fileManager.fileExists(atPath: target.path, isDirectory: &isFolder)
            if existed && !isFolder.boolValue {
                return failure("'\(output)' exists and is not a folder")
            }
            if existed {
                try fileManager.moveItem(at: target, to: previous)
            }
            do {
                try fileManager.moveItem(at: staging, to: target)
            } catch {
                if existed { try? fileManager.moveItem(at: previous, to: target) }
                throw error
            }
            if existed { try? fileManager.removeItem(at: previous) }
        } catch {
            return failure("cannot replace '\(output)': \(error.localizedDescription)")
        }
        return []
    }
}
