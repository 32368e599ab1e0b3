//! lkl-bench-read IMAGE PATH: sequential read speed of file PATH inside the
//! disk image IMAGE through the kernel (virtio-blk, its filesystem, 1 MiB
//! reads), next to reading the same number of bytes of the image straight
//! from the same backend (`FileDisk`). Prints `kernel_mbps=<N> raw_mbps=<M>
//! bytes=<B>` (MB = 10^6 bytes). Used by build-scripts/bench.

#[path = "bench/setup.rs"]
mod setup;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use lkl_wasm::sys::{self, consts::*};
use lkl_wasm::{Disk, FileDisk};
use setup::err;

const CHUNK: usize = 1 << 20;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [image, path] = args.as_slice() else {
        eprintln!("usage: lkl-bench-read IMAGE PATH");
        return ExitCode::from(2);
    };
    setup::finish("lkl-bench-read", run(Path::new(image), path))
}

fn run(image: &Path, path: &str) -> Result<String, String> {
    let kernel = setup::boot()?;
    let disk = setup::attach_file(&kernel, image, false)?;
    kernel.mount_auto(&disk.path(), "/mnt", 1, None).map_err(err)?;

    let fd = sys::openat(&kernel, AT_FDCWD, &format!("/mnt/{path}"), O_RDONLY, 0).map_err(err)?;
    let mut buf = vec![0u8; CHUNK];
    let start = Instant::now();
    let mut bytes = 0u64;
    loop {
        let n = sys::read(&kernel, fd, &mut buf).map_err(err)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
    }
    let kernel_secs = start.elapsed().as_secs_f64();
    sys::close(&kernel, fd).map_err(err)?;

    let raw = FileDisk::open(image, false).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let mut offset = 0u64;
    while offset < bytes.min(raw.len()) {
        let n = CHUNK.min((raw.len() - offset) as usize);
        raw.read_at(offset, &mut buf[..n]).map_err(|e| e.to_string())?;
        offset += n as u64;
    }
    let raw_secs = start.elapsed().as_secs_f64();
    let _ = kernel.halt();
    Ok(format!(
        "kernel_mbps={:.0} raw_mbps={:.0} bytes={bytes}",
        bytes as f64 / kernel_secs / 1e6,
        offset as f64 / raw_secs / 1e6
    ))
}
