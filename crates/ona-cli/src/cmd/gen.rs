//! `ona gen`: write synthetic edge lists for benchmarks and experiments.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Subcommand, ValueEnum};
use ona_core::generate::{OrgConfig, OrgEdges, RmatConfig, org_edges, rmat};
use ona_core::NodeId;

use super::{Ctx, ExecArgs};
use crate::error::{CliError, Context, Result};
use crate::output::{duration, thousands};

/// Arguments of `ona gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    #[command(subcommand)]
    pub what: GenWhat,
}

/// Field separator of written edge lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sep {
    /// One space.
    Space,
    /// One tab.
    Tab,
}

impl Sep {
    fn char(self) -> char {
        match self {
            Self::Space => ' ',
            Self::Tab => '\t',
        }
    }
}

/// What to generate.
#[derive(Debug, Subcommand)]
pub enum GenWhat {
    /// Graph500 R-MAT: 2^scale nodes, edge-factor x 2^scale edge rows
    /// (duplicates and self loops included), header-less `u v` lines.
    Rmat {
        /// log2 of the node count.
        #[arg(long)]
        scale: u32,
        /// Edge rows per node.
        #[arg(long, default_value_t = 16)]
        edge_factor: u32,
        /// Output file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Field separator.
        #[arg(long, value_enum, default_value = "space")]
        sep: Sep,
        #[command(flatten)]
        exec: ExecArgs,
    },
    /// A synthetic organisation: `source target weight` with a header row;
    /// people are named p000000, p000001, ...
    Org {
        /// Head count.
        #[arg(long, default_value_t = 5000)]
        people: usize,
        /// Output file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Also write `id department team role` per person here (for `--nodes`).
        #[arg(long, value_name = "FILE")]
        nodes_out: Option<PathBuf>,
        /// Field separator.
        #[arg(long, value_enum, default_value = "tab")]
        sep: Sep,
        #[command(flatten)]
        exec: ExecArgs,
    },
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    let f = File::create(path).map_err(|source| CliError::Io { path: path.to_path_buf(), source })?;
    Ok(BufWriter::with_capacity(1 << 20, f))
}

/// Run `ona gen`.
pub fn run(args: &GenArgs, ctx: &Ctx) -> Result<()> {
    match &args.what {
        GenWhat::Rmat { scale, edge_factor, out, sep, exec } => {
            let exec = ctx.exec(exec)?;
            let t = Instant::now();
            let cfg = RmatConfig::new(*scale).edge_factor(*edge_factor);
            let (n, src, dst) = rmat(&cfg, &exec).context("R-MAT")?;
            let io = |source| CliError::Io { path: out.clone(), source };
            let mut w = create(out)?;
            let sep = sep.char();
            for (k, (u, v)) in src.iter().zip(&dst).enumerate() {
                writeln!(w, "{u}{sep}{v}").map_err(io)?;
                if k % (1 << 20) == 0 {
                    exec.check().context("writing")?;
                }
            }
            w.flush().map_err(io)?;
            ctx.note(format_args!(
                "wrote R-MAT scale {scale}: {} nodes, {} edge rows to {} in {}",
                thousands(n as u64),
                thousands(src.len() as u64),
                out.display(),
                duration(t.elapsed())
            ));
        }
        GenWhat::Org { people, out, nodes_out, sep, exec } => {
            let exec = ctx.exec(exec)?;
            let t = Instant::now();
            let e = org_edges(&OrgConfig::new(*people), &exec).context("synthetic organisation")?;
            let sep = sep.char();
            let io = |path: &Path| {
                let path = path.to_path_buf();
                move |source| CliError::Io { path: path.clone(), source }
            };
            let mut w = create(out)?;
            writeln!(w, "source{sep}target{sep}weight").map_err(io(out))?;
            for ((&u, &v), &x) in e.src.iter().zip(&e.dst).zip(&e.weight) {
                writeln!(w, "{}{sep}{}{sep}{x:.2}", OrgEdges::name(u), OrgEdges::name(v)).map_err(io(out))?;
            }
            w.flush().map_err(io(out))?;
            if let Some(path) = nodes_out {
                let mut w = create(path)?;
                let names: Vec<&str> = e.attributes.iter().map(|(n, _)| *n).collect();
                writeln!(w, "id{sep}{}", names.join(&sep.to_string())).map_err(io(path))?;
                for i in (0u32..).take(e.people) {
                    let vals: Vec<&str> = e.attributes.iter().map(|(_, c)| c.value(NodeId(i)).unwrap_or("")).collect();
                    writeln!(w, "{}{sep}{}", OrgEdges::name(i), vals.join(&sep.to_string())).map_err(io(path))?;
                }
                w.flush().map_err(io(path))?;
            }
            ctx.note(format_args!(
                "wrote an organisation of {} people, {} edge rows to {} in {}",
                thousands(e.people as u64),
                thousands(e.src.len() as u64),
                out.display(),
                duration(t.elapsed())
            ));
        }
    }
    Ok(())
}
