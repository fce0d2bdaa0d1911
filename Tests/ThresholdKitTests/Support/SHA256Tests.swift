import XCTest

@testable import ThresholdKit

final class SHA256Tests: XCTestCase {
    private func hexDigest(_ text: String) -> String {
        SHA256.hex(SHA256.digest(Array(text.utf8)))
    }

    // FIPS 180-4 / NIST CAVP example vectors.
    func testEmptyMessage() {
        XCTAssertEqual(hexDigest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testABC() {
        XCTAssertEqual(hexDigest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func test448BitMessage() {
        XCTAssertEqual(
            hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func test896BitMessage() {
        let message =
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        XCTAssertEqual(hexDigest(message), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    func testOneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        XCTAssertEqual(SHA256.hex(SHA256.digest([UInt8](repeating: 0x61, count: 1_000_000))), expected)
        // And fed in uneven pieces.
        var hasher = SHA256Hasher()
        var remaining = 1_000_000
        var piece = 1
        while remaining > 0 {
            let take = min(piece, remaining)
            hasher.update([UInt8](repeating: 0x61, count: take))
            remaining -= take
            piece = piece * 3 % 1000 + 1
        }
        XCTAssertEqual(SHA256.hex(hasher.finalize()), expected)
    }

    func testDigestIs32Bytes() {
        XCTAssertEqual(SHA256.digest([]).count, 32)
        XCTAssertEqual(SHA256.digest(Array(repeating: 7, count: 1000)).count, 32)
    }

    func testHex() {
        XCTAssertEqual(SHA256.hex([]), "")
        XCTAssertEqual(SHA256.hex([0x00, 0x0f, 0xa0, 0xff]), "000fa0ff")
        XCTAssertEqual(
            SHA256.hexDigest(Array("abc".utf8)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Lengths around the padding boundaries (55/56 bytes fit or spill one block).
    func testPaddingBoundaryLengths() {
        let known: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
        ]
        for (length, expected) in known {
            XCTAssertEqual(SHA256.hex(SHA256.digest([UInt8](repeating: 0x61, count: length))), expected, "\(length)")
        }
    }

    func testIncrementalSplitsMatchOneShot() {
        let message: [UInt8] = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for total in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 129, 300] {
            let data = Array(message[0..<total])
            let expected = SHA256.digest(data)
            for split in [0, 1, 55, 56, 63, 64, 65, 127, 128] where split <= total {
                var hasher = SHA256Hasher()
                hasher.update(Array(data[0..<split]))
                hasher.update(Array(data[split...]))
                XCTAssertEqual(hasher.finalize(), expected, "total \(total) split \(split)")
            }
            // Byte by byte.
            var hasher = SHA256Hasher()
            for byte in data { hasher.update([byte]) }
            XCTAssertEqual(hasher.finalize(), expected, "total \(total) byte by byte")
        }
    }

    func testIncrementalThreeWaySplits() {
        let data: [UInt8] = (0..<200).map { UInt8($0) }
        let expected = SHA256.digest(data)
        for first in [1, 55, 56, 63, 64, 65] {
            for second in [1, 55, 56, 63, 64, 65] {
                var hasher = SHA256Hasher()
                hasher.update(Array(data[0..<first]))
                hasher.update(Array(data[first..<(first + second)]))
                hasher.update(Array(data[(first + second)...]))
                XCTAssertEqual(hasher.finalize(), expected, "\(first)+\(second)")
            }
        }
    }

    func testUpdateContentsOfSequences() {
        let text = "ruleset \"Camden MASH front door\" version \"2019.1\"\n£ accents é"
        let expected = SHA256.digest(Array(text.utf8))
        var fromView = SHA256Hasher()
        fromView.update(contentsOf: text.utf8)
        XCTAssertEqual(fromView.finalize(), expected)
        var fromLazy = SHA256Hasher()
        fromLazy.update(contentsOf: text.utf8.lazy.map { $0 })
        XCTAssertEqual(fromLazy.finalize(), expected)
        var fromSlice = SHA256Hasher()
        let bytes = Array(text.utf8)
        fromSlice.update(contentsOf: bytes[0..<10])
        fromSlice.update(contentsOf: bytes[10...])
        XCTAssertEqual(fromSlice.finalize(), expected)
    }

    func testFinalizeTwiceGivesSameDigest() {
        var hasher = SHA256Hasher()
        hasher.update(Array("abc".utf8))
        let first = hasher.finalize()
        XCTAssertEqual(hasher.finalize(), first)
        XCTAssertEqual(SHA256.hex(first), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
