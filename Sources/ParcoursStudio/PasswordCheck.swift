import Dispatch
import Foundation

/// bcrypt checks, one at a time on a queue of their own: a burst of logins (a quarter of a
/// second of a core each) waits its turn there instead of filling Swift's cooperative
/// threads, so the studio's other pages stay quick while somebody guesses passwords.
enum PasswordCheck {
    private static let queue = DispatchQueue(label: "parcours.studio.bcrypt", qos: .userInitiated)

    static func verify(_ password: String, of account: Account?, in accounts: AccountStore) async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: accounts.verify(password: password, of: account)) }
        }
    }
}
