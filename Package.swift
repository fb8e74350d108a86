// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Parcours",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "parcours", targets: ["parcours"]),
        .library(name: "Parcours", targets: ["Parcours"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", exact: "4.7.1"),
        // The studio: sessions, Bcrypt and TOTP; accounts, sessions and the audit log in SQLite.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", exact: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        // Tests only: the fuzzer of Tests/ParcoursFuzzTests.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"),
    ],
    targets: [
        // Debian's libcmark-gfm and its extensions, found through pkg-config.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Debian's libvips (image resizing, WebP, metadata stripping), through pkg-config,
        // and a few C functions that call its variadic API with fixed arguments.
        .systemLibrary(
            name: "CVips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]
        ),
        .target(name: "ParcoursImaging", dependencies: ["CVips"]),
        .target(
            name: "Parcours",
            dependencies: [
                "CCmarkGFM",
                "ParcoursImaging",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ParcoursServer",
            dependencies: [
                "Parcours",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        // The hosted studio (`parcours studio`): accounts, history, publishing, on the editor.
        .target(
            name: "ParcoursStudio",
            dependencies: [
                "Parcours",
                "ParcoursServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // `parcours publish`: the built site to rsync, sftp or git targets.
        .target(
            name: "ParcoursPublish",
            dependencies: [
                "Parcours",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The commit a release was built from, given by scripts/package as a C define.
        .target(name: "ParcoursBuildInfo"),
        .executableTarget(
            name: "parcours",
            dependencies: [
                "Parcours",
                "ParcoursServer",
                "ParcoursStudio",
                "ParcoursPublish",
                "ParcoursBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ParcoursTests",
            dependencies: [
                "Parcours", "ParcoursServer", "ParcoursStudio", "ParcoursPublish",
                .product(name: "Yams", package: "Yams"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ]
        ),
        // The fuzzer: random sites made from the example site's files, built in-process;
        // see Tests/ParcoursFuzzTests/README.md.
        .testTarget(
            name: "ParcoursFuzzTests",
            dependencies: [
                "Parcours",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["README.md", "Regressions"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
