//! A running `playbook serve` for tests: started on a free loopback port, its output
//! read line by line, stopped when dropped. Every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::TestSite;

pub const PATIENCE: Duration = Duration::from_secs(10);

/// A running `playbook serve`, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub addr: String,
    pub lines: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Between fork and exec: descriptors the test process inherited without close-on-exec
/// (a CI runner may leave some open) would pass on to the server and count against a
/// limit its wrapper sets, so all of them are marked to close at exec (Linux 5.11+).
fn inherited_fds_close_on_exec() -> std::io::Result<()> {
    // SAFETY: one system call on plain integers, async-signal-safe.
    unsafe { libc::close_range(3, u32::MAX, libc::CLOSE_RANGE_CLOEXEC as libc::c_int) };
    Ok(())
}

impl Server {
    pub fn start(site: &TestSite) -> Server {
        Self::start_under(site, &[])
    }

    /// Starts the server through a command that runs it (`prlimit --nofile=64:64`, say).
    pub fn start_under(site: &TestSite, wrapper: &[&str]) -> Server {
        let binary = env!("CARGO_BIN_EXE_playbook");
        let (program, args) = match wrapper.split_first() {
            Some((program, args)) => (*program, [args, &[binary]].concat()),
            None => (binary, Vec::new()),
        };
        let mut command = Command::new(program);
        // SAFETY: `inherited_fds_close_on_exec` makes one async-signal-safe call.
        unsafe { command.pre_exec(inherited_fds_close_on_exec) };
        let mut child = command
            .args(args)
            .args(["serve", "--port", "0"])
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        let tx2 = tx.clone();
        std::thread::spawn(move || {
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .for_each(|l| drop(tx.send(l)))
        });
        std::thread::spawn(move || {
            BufReader::new(err)
                .lines()
                .map_while(Result::ok)
                .for_each(|l| drop(tx2.send(l)))
        });
        let first =
            wait_for(&lines, |l| l.starts_with("serving ")).expect("serve printed its address");
        let url = first
            .split(" at ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server { child, addr, lines }
    }

    /// (status, headers, body) of a GET.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        self.request("GET", path)
    }

    /// (status, headers, body) of a request.
    pub fn request(&self, method: &str, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        // The server may answer an oversized request before it has all of it, and close.
        let _ = write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        );
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    /// Opens the reload stream; returns its events as they arrive.
    pub fn events(&self) -> Receiver<String> {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET /__playbook/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(event) = line.strip_prefix("event: ")
                    && tx.send(event.to_string()).is_err()
                {
                    return;
                }
            }
        });
        assert_eq!(
            next(&rx).as_deref(),
            Some("generation"),
            "a new stream first says which build it sees"
        );
        assert_eq!(
            next(&rx).as_deref(),
            Some("ok"),
            "a new stream first says how the build is"
        );
        rx
    }
}

pub fn next(rx: &Receiver<String>) -> Option<String> {
    rx.recv_timeout(PATIENCE).ok()
}

pub fn wait_for(rx: &Receiver<String>, want: impl Fn(&str) -> bool) -> Option<String> {
    let deadline = Instant::now() + PATIENCE;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) if want(&line) => return Some(line),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}
