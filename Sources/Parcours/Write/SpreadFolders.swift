#if canImport(Glibc)
import Glibc
#endif

/// Asks ext4 to spread the subfolders of a folder over the whole disk (the `T` attribute
/// of `chattr`, `FS_TOPDIR_FL`), for the staging folders that hold folders: the site root,
/// `actualites/`, `tags/`.
///
/// Why: ext4 puts a new folder in its parent's block group, and every file in its folder's
/// group. On a file system without a journal, ext4 also passes over each inode freed in the
/// last minutes (`recently_deleted` in `fs/ext4/ialloc.c`), from the start of the group,
/// for each new inode. The previous output, removed a moment before, freed 23,000 inodes
/// in the very groups where the next output is put, so that writing 10,000 folders and
/// 13,000 files took 2 to 5 s of kernel time (issue 15), against 0.15 s in memory. With the
/// attribute, the folders go to groups with room, and their files with them.
///
/// The attribute changes where folders go, never what they hold. Where it is refused (other
/// file systems, tmpfs), nothing happens.
enum SpreadFolders {
    /// `FS_TOPDIR_FL`, `FS_IOC_GETFLAGS` and `FS_IOC_SETFLAGS` of `<linux/fs.h>`.
    static let topFolder: CInt = 0x0002_0000
    private static let getFlags: UInt = 0x8008_6601
    private static let setFlags: UInt = 0x4008_6602

    static func mark(_ path: String) {
        _ = withFolder(path) { descriptor in
            guard let flags = attributes(descriptor), flags & topFolder == 0 else { return }
            var marked = Int(flags | topFolder)
            _ = ioctl(descriptor, setFlags, &marked)
        }
    }

    /// The attributes (`lsattr`) of a folder; nil where the file system keeps none.
    static func attributes(_ path: String) -> CInt? {
        withFolder(path) { attributes($0) } ?? nil
    }

    private static func attributes(_ descriptor: CInt) -> CInt? {
        // The kernel reads and writes an `int` through these requests, whatever their names
        // say; some old drivers (FUSE before Linux 5.13) wrote the 8 bytes of a `long`.
        var flags = 0
        return ioctl(descriptor, getFlags, &flags) == 0 ? CInt(truncatingIfNeeded: flags) : nil
    }

    private static func withFolder<T>(_ path: String, _ body: (CInt) -> T) -> T? {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return body(descriptor)
    }
}
