//! lkl-bench-write IMAGE: write speed through the kernel into IMAGE (an
//! empty ext4 image, written in place): FILES small files (4 KiB each, in
//! 100 directories, as a copy of a tree would make them), then one 256 MiB
//! file written sequentially in 1 MiB writes; each timed to the end of its
//! sync. Prints `files=<N> files_per_s=<F> tree_mbps=<T> seq_mbps=<S>`
//! (MB = 10^6 bytes). Used by build-scripts/bench (next to Node's
//! bench-wasm-write.mjs).

#[path = "bench/setup.rs"]
mod setup;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use lkl_wasm::sys::{self, consts::*};
use setup::err;

const FILES: usize = 10_000;
const FILE_SIZE: usize = 4096;
const SEQ_BYTES: usize = 256 << 20;
const CHUNK: usize = 1 << 20;

fn main() -> ExitCode {
    setup::main_on_image("lkl-bench-write", run)
}

fn write_file(kernel: &lkl_wasm::Kernel, path: &str, bytes: &[u8], chunk: usize) -> Result<(), String> {
    let fd = sys::openat(kernel, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0o644).map_err(err)?;
    for piece in bytes.chunks(chunk) {
        let mut done = 0;
        while done < piece.len() {
            done += sys::write(kernel, fd, &piece[done..]).map_err(err)?;
        }
    }
    sys::close(kernel, fd).map_err(err)
}

fn run(image: &Path) -> Result<String, String> {
    let kernel = setup::boot()?;
    let disk = setup::attach_file(&kernel, image, true)?;
    kernel.mount_auto(&disk.path(), "/mnt", 0, None).map_err(err)?;

    let small = vec![0x5a; FILE_SIZE];
    let start = Instant::now();
    for i in 0..FILES {
        if i % 100 == 0 {
            sys::mkdirat(&kernel, AT_FDCWD, &format!("/mnt/d{}", i / 100), 0o755).map_err(err)?;
        }
        write_file(&kernel, &format!("/mnt/d{}/f{i}", i / 100), &small, FILE_SIZE)?;
    }
    sys::sync(&kernel).map_err(err)?;
    let tree_secs = start.elapsed().as_secs_f64();

    let big: Vec<u8> = (0..SEQ_BYTES).map(|i| (i * 7 + (i >> 20)) as u8).collect();
    let start = Instant::now();
    write_file(&kernel, "/mnt/big.bin", &big, CHUNK)?;
    sys::sync(&kernel).map_err(err)?;
    let seq_secs = start.elapsed().as_secs_f64();

    sys::umount2(&kernel, "/mnt", 0).map_err(err)?;
    let _ = kernel.halt();
    Ok(format!(
        "files={FILES} files_per_s={:.0} tree_mbps={:.1} seq_mbps={:.0}",
        FILES as f64 / tree_secs,
        (FILES * FILE_SIZE) as f64 / tree_secs / 1e6,
        SEQ_BYTES as f64 / seq_secs / 1e6
    ))
}
