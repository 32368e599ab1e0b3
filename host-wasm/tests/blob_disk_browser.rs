//! `BlobDisk` in a real browser: wasm-bindgen-test-runner runs this in a
//! dedicated Worker in Chromium (build-scripts/test-browser-wasm). The Blob
//! I/O Worker and the reader are the page's own (`js/web/blob-io.js`); the
//! disk reads a Blob of known bytes at chunk edges and past its end.
#![cfg(target_arch = "wasm32")]

use lkl_host::virtio::disk::{BlobDisk, Disk};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen(module = "/../js/web/blob-io.js")]
extern "C" {
    type BlobIo;
    #[wasm_bindgen(js_name = startBlobIo)]
    fn start_blob_io() -> BlobIo;
    #[wasm_bindgen(method, getter)]
    fn channel(this: &BlobIo) -> JsValue;
    #[wasm_bindgen(method)]
    fn give(this: &BlobIo, id: u32, blob: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = installBlobReader)]
    fn install_blob_reader(channel: &JsValue);
}

// `bytes` views the shared memory, which a Blob cannot take: a copy.
#[wasm_bindgen(inline_js = "export function blob_of(bytes) { return new Blob([bytes.slice()]); }")]
extern "C" {
    fn blob_of(bytes: &[u8]) -> JsValue;
}

/// The Blob's bytes: not all alike, so a misplaced piece shows.
fn contents(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + (i >> 12)) as u8).collect()
}

#[wasm_bindgen_test]
async fn a_blob_disk_reads_its_blob_by_slices() {
    const LEN: usize = (3 << 20) + 7;
    let bytes = contents(LEN);
    let io = start_blob_io();
    wasm_bindgen_futures::JsFuture::from(io.give(1, &blob_of(&bytes))).await.unwrap();
    install_blob_reader(&io.channel());

    let disk = BlobDisk::new(1, LEN as u64);
    assert_eq!(disk.len(), LEN as u64);
    assert!(disk.read_only());
    for (offset, len) in [(0, 4096), (100, (2 << 20) + 512), (LEN - 1, 1), ((1 << 20) - 3, 6)] {
        let mut buf = vec![0; len];
        disk.read_at(offset as u64, &mut buf).unwrap();
        assert!(buf == bytes[offset..offset + len], "bytes {offset}..+{len}");
    }
    let mut past_end = vec![0; 20];
    assert!(disk.read_at((LEN - 10) as u64, &mut past_end).is_err());
    assert!(disk.write_at(0, &[1]).is_err());
    let unknown = BlobDisk::new(9, 16);
    assert!(unknown.read_at(0, &mut [0; 16]).is_err());
}
