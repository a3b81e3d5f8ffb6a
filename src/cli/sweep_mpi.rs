//! `agglo sweep` across MPI ranks (cargo feature `mpi`): `mpirun -np R agglo sweep CONFIG -o OUT`.
//!
//! Every rank reads the config and builds the same points. Rank 0 alone touches the file: it
//! creates or resumes `OUT.partial`, and broadcasts the chunk size and the chunks still to do;
//! chunk `todo[i]` is solved by rank `i mod R` (each rank with its own rayon threads, so pass
//! `--threads` to share a node's cores among ranks). Ranks > 0 send each solved chunk to rank
//! 0 as one message of f64 ([`crate::sweep::encode_chunk`], bit-exact); rank 0 writes its own
//! and the received chunks as they come, from its main thread, which alone calls MPI
//! (`MPI_THREAD_FUNNELED`). Points are solved independently, so the file is bitwise the one
//! a single process writes; `--resume`, shards and `agglo merge` work as without MPI.
//! Started without `mpirun` (one rank), `agglo sweep` runs as usual.

use std::time::Instant;

use mpi::collective::Root;
use mpi::point_to_point::{Destination, Source};
use mpi::topology::{Communicator, SimpleCommunicator};
use mpi::Threading;

use super::sweep::{threads, Progress, Setup, SweepArgs, Tally};
use crate::error::Error;
use crate::output::sweep::SweepFile;
use crate::sweep::{decode_chunk, encode_chunk, run_chunks, Event};

/// `None` when there is one rank (the caller runs the usual way); else this rank's outcome.
pub fn run(args: &SweepArgs, command_line: &str, quiet: bool) -> Option<anyhow::Result<()>> {
    let (universe, _) = mpi::initialize_with_threading(Threading::Funneled)?;
    let world = universe.world();
    let size = world.size() as usize;
    if size == 1 {
        return None;
    }
    let rank = world.rank() as usize;
    Some(if rank == 0 {
        root(args, command_line, quiet, &world, size)
    } else {
        worker(args, &world, rank, size)
    })
}

/// The chunks of `todo` that `rank` of `size` solves.
fn share(todo: &[usize], rank: usize, size: usize) -> Vec<usize> {
    todo.iter()
        .enumerate()
        .filter(|(i, _)| i % size == rank)
        .map(|(_, c)| *c)
        .collect()
}

/// Rank 0 tells the others what to do: `[go, chunk, n]` then the n chunks (go = 0: stop).
fn broadcast_plan(world: &SimpleCommunicator, plan: Option<(usize, &[usize])>) {
    let root = world.process_at_rank(0);
    let mut head: [u64; 3] = match plan {
        Some((chunk, todo)) => [1, chunk as u64, todo.len() as u64],
        None => [0, 0, 0],
    };
    root.broadcast_into(&mut head[..]);
    if let Some((_, todo)) = plan {
        let mut list: Vec<u64> = todo.iter().map(|&c| c as u64).collect();
        root.broadcast_into(&mut list[..]);
    }
}

fn root(
    args: &SweepArgs,
    command_line: &str,
    quiet: bool,
    world: &SimpleCommunicator,
    size: usize,
) -> anyhow::Result<()> {
    let opened = Setup::new(args).and_then(|setup| setup.open(args, command_line).map(|file| (setup, file)));
    let (setup, mut file) = match opened {
        Ok((setup, Some(file))) => (setup, file),
        Ok((_, None)) => {
            broadcast_plan(world, None);
            return Ok(());
        }
        Err(e) => {
            broadcast_plan(world, None);
            return Err(e);
        }
    };
    let chunk = file.chunk();
    let todo: Vec<usize> = (0..file.done().len()).filter(|&c| !file.done()[c]).collect();
    broadcast_plan(world, Some((chunk, &todo)));
    let todo_points = setup.points_in(&todo, chunk);
    let mine = share(&todo, 0, size);
    let remote = todo.len() - mine.len();
    let width: usize = setup.layout.record.iter().map(|r| r.1).sum();
    setup.announce(&file, todo_points, size)?;
    let progress = Progress::new(todo_points, quiet);
    let clock = Instant::now();
    let mut tally = Tally::default();
    let mut inbox = Inbox {
        width,
        received: 0,
        points: 0,
    };
    let outcome = run_chunks(
        &setup.rows,
        chunk,
        &mine,
        |k| setup.solve(k),
        |event| {
            match event {
                Event::Chunk(done) => tally.write(&mut file, done)?,
                Event::Tick(solved) => progress.solved(solved + inbox.points),
            }
            while world.any_process().immediate_probe().is_some() {
                inbox.receive(world, &mut tally, &mut file)?;
            }
            progress.written(tally.written);
            Ok(())
        },
    );
    let finished = outcome.and_then(|()| {
        while inbox.received < remote {
            inbox.receive(world, &mut tally, &mut file)?;
            progress.solved(tally.written);
            progress.written(tally.written);
        }
        Ok(())
    });
    if let Err(e) = finished {
        eprintln!("error: {e:#}");
        world.abort(1);
    }
    let seconds = clock.elapsed().as_secs_f64();
    progress.finish();
    tally.finish(file, todo_points, seconds, &format!("{size} MPI ranks × {}", threads()))
}

fn worker(args: &SweepArgs, world: &SimpleCommunicator, rank: usize, size: usize) -> anyhow::Result<()> {
    // Every rank checks the config; rank 0 reports problems, and so does this one.
    let setup = Setup::new(args);
    let root = world.process_at_rank(0);
    let mut head = [0u64; 3];
    root.broadcast_into(&mut head[..]);
    if head[0] == 0 {
        return setup.map(|_| ());
    }
    let mut todo = vec![0u64; head[2] as usize];
    root.broadcast_into(&mut todo[..]);
    let setup = setup?;
    let chunk = head[1] as usize;
    let todo: Vec<usize> = todo.iter().map(|&c| c as usize).collect();
    let mine = share(&todo, rank, size);
    run_chunks(
        &setup.rows,
        chunk,
        &mine,
        |k| setup.solve(k),
        |event| {
            if let Event::Chunk((c, results, _)) = event {
                root.send(&encode_chunk(c, &results)[..]);
            }
            Ok(())
        },
    )?;
    Ok(())
}

/// Chunks received by rank 0 from the others.
struct Inbox {
    /// Values per row.
    width: usize,
    received: usize,
    points: usize,
}

impl Inbox {
    /// Receives one chunk from any rank (blocking) and writes it.
    fn receive(
        &mut self,
        world: &SimpleCommunicator,
        tally: &mut Tally,
        file: &mut SweepFile,
    ) -> crate::error::Result<()> {
        let (message, status) = world.any_process().receive_vec::<f64>();
        let (c, results) = decode_chunk(&message, self.width)
            .ok_or_else(|| Error::Numerical(format!("a malformed chunk from MPI rank {}", status.source_rank())))?;
        self.points += results.len();
        self.received += 1;
        tally.write(file, (c, results, None))
    }
}
