// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "stance",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "StanceKit", targets: ["StanceKit"]),
        .executable(name: "stance", targets: ["stance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "COpenCC", pkgConfig: "opencc", providers: [.apt(["libopencc-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CBLAS", providers: [.apt(["libblas-dev"])]),
        .systemLibrary(name: "CLAPACK", providers: [.apt(["liblapack-dev", "liblapacke-dev"])]),
        .target(name: "CSupport"),
        // Dragonbox's header-only C++ behind one C function (Debian's libdragonbox-dev; see ShortestDoubleText).
        .target(name: "CShortestDecimal"),
        .target(name: "CICUWords", linkerSettings: [.linkedLibrary("icuuc")]),
        .target(
            name: "StanceKit",
            dependencies: [
                "CZlib", "CISAL", "COpenCC", "CLibXML2", "CBLAS", "CLAPACK", "CSupport", "CICUWords",
                "CShortestDecimal",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .executableTarget(
            name: "stance",
            dependencies: [
                "StanceKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // scripts/fuzz's in-process driver: every reader on thousands of mutated files without starting `stance`.
        .executableTarget(name: "stance-fuzz", dependencies: ["StanceKit"]),
        .target(
            name: "_StanceTestSupport",
            dependencies: ["StanceKit", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .testTarget(name: "StanceKitTests", dependencies: ["StanceKit", "_StanceTestSupport"]),
        .testTarget(
            name: "StanceCLITests", dependencies: ["stance", "StanceKit", "_StanceTestSupport"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
