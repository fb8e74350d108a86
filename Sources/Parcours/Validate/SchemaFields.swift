import Yams

/// Reading a key as its schema describes it: whether it is required, its bounds, its
/// values and its own keys come from the `FrontMatterKey`, never from the call.
extension Fields {
    func string(_ key: FrontMatterKey) -> String? {
        string(key.name, required: key.isRequired)
    }

    func located(_ key: FrontMatterKey) -> Located<String>? {
        located(key.name, required: key.isRequired)
    }

    func bool(_ key: FrontMatterKey) -> Bool? {
        bool(key.name)
    }

    func date(_ key: FrontMatterKey) -> ContentDate? {
        date(key.name, required: key.isRequired)
    }

    /// A whole number within the key's bounds.
    func int(_ key: FrontMatterKey) -> Int? {
        guard let bounds = key.bounds else {
            assertionFailure("'\(key.name)' is not a whole number in the schema")
            return nil
        }
        return int(key.name, in: bounds, required: key.isRequired)
    }

    /// One of the key's values, with a "did you mean" for a near miss.
    func choice(_ key: FrontMatterKey) -> String? {
        choice(key.name, from: key.values, required: key.isRequired)
    }

    func items(_ key: FrontMatterKey) -> [Node] {
        items(key.name, required: key.isRequired)
    }

    /// A map of the key's own keys; any other key in it is reported.
    func map(_ key: FrontMatterKey, owner: Wording? = nil) -> Fields? {
        let fields = map(key.name, owner: owner, required: key.isRequired)
        fields?.rejectUnknownKeys(key.keyNames)
        return fields
    }

    /// Each map of a list of maps, read with `read` once its unknown keys are reported.
    func maps<T>(_ key: FrontMatterKey, _ read: (Fields) -> T?) -> [T] {
        maps(key.name, required: key.isRequired) { item in
            item.rejectUnknownKeys(key.keyNames)
            return read(item)
        }
    }
}
