//! lkl-bench-tree IMAGE: walks the whole tree of the filesystem in IMAGE
//! through the kernel, as `ls -R` + `stat` of every entry would
//! (getdents64 per directory, statx per entry). Prints `entries=<N>
//! ms=<T> mount_ms=<M>`. Used by build-scripts/bench.

#[path = "bench/setup.rs"]
mod setup;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use lkl_wasm::sys::{self, consts::*};
use lkl_wasm::Kernel;
use setup::err;

fn main() -> ExitCode {
    setup::main_on_image("lkl-bench-tree", run)
}

fn walk(kernel: &Kernel, dir: &str, entries: &mut u64) -> lkl_wasm::Result<()> {
    let fd = sys::openat(kernel, AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)?;
    let list = sys::read_dir(kernel, fd);
    sys::close(kernel, fd)?;
    for entry in list? {
        let name = entry.name_lossy();
        if name == "." || name == ".." {
            continue;
        }
        let path = format!("{dir}/{name}");
        let stx = sys::statx(kernel, AT_FDCWD, &path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS)?;
        *entries += 1;
        if u32::from(stx.stx_mode) & 0o170000 == 0o040000 {
            walk(kernel, &path, entries)?;
        }
    }
    Ok(())
}

fn run(image: &Path) -> Result<String, String> {
    let kernel = setup::boot()?;
    let disk = setup::attach_file(&kernel, image, false)?;
    let start = Instant::now();
    sys::mount(&kernel, &disk.path(), "/mnt", "ext4", 1, None).map_err(err)?;
    let mount_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let mut entries = 0;
    walk(&kernel, "/mnt", &mut entries).map_err(err)?;
    let ms = start.elapsed().as_secs_f64() * 1e3;
    let _ = kernel.halt();
    Ok(format!("entries={entries} ms={ms:.0} mount_ms={mount_ms:.1}"))
}
