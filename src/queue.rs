//! The order in which a build's outputs are compiled on several threads.
//!
//! The prints of one document (its master, its numbered copies, its
//! reference copy) differ only in their holder and number, and Typst
//! memoises layout: once one print is laid out, the others cost a fraction
//! of it. Compiled side by side, each would lay out the whole document
//! again. So the first print of a document is compiled alone, the other
//! threads take other outputs meanwhile, and its other prints are handed
//! out once it is laid out, ahead of anything new.
//!
//! A large list (the master list, records list or audit report of a set of
//! thousands of forms; see [`crate::render::printed_in_parts`]) is printed
//! in parts,
//! and Typst's memory of each part's layout is emptied before the next, so
//! that a list takes the memory of one part however long it grows. It is
//! compiled alone: beside it, other outputs would lose their layout each
//! time, and would add theirs to what the list holds.
//!
//! A long handbook is heavy: Typst holds every page of a print until it is
//! written, so two prints of it side by side take twice the memory of one.
//! Heavy outputs are made one at a time, and light ones (forms) beside them,
//! but for a heavy output being laid out once Typst's memory was emptied
//! under it: nothing more goes beside it until it is laid out, since what
//! the forms beside it laid out could not be emptied before then (in
//! builds of the benchmark's 1,011 forms, where the handbook's first print
//! is the one, peaks of 279–292 MB against 304–318 MB, in about the same
//! time).
//!
//! Typst's memory of layouts is emptied, when the process is over its
//! budget, only as far as the outputs being made can spare it: it ages
//! what was not used since it was last emptied, and emptying it keeping
//! the recent drops what is two ages old. So it is emptied at most once
//! under an output being laid out (twice, and the output would lose its
//! earlier rounds), and at most once between a print's layout and the next
//! print made from it (twice, and the next print would lay out again what
//! it had not reached yet). Forms beside the copies of a long handbook
//! then wait to empty it until its copy is laid out, instead of making the
//! copy lay the handbook out again. This is where the queue and the
//! emptying meet: the queue says what may be emptied ([`Keep`]), and
//! counts the times it was, while no output is handed out.
//!
//! Most prints, though, do not lay their document out again: they take
//! the pages after the cover from its first print and lay out only their
//! own cover (see [`crate::covers`]). Nothing of the first print's layout
//! is kept for them, and, but in `watch`, Typst's memory is emptied as soon
//! as a heavy first print is laid out, before it is written
//! ([`Ticket::laid_out_as`]). A print that cannot take the pages, and is
//! laid out whole, has its layout kept for the prints after it, as before.
//!
//! Heavy documents go first, then the lists made alone, then the rest: what
//! a process once held it does not all give back, and the heavy documents
//! take the most (in a build of 4,011 forms, lists first then the handbook
//! peaked at 665 MB; the handbook first, at 525 MB).

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};

/// Hands out the outputs of a build, by index, to the threads compiling
/// them.
pub struct Queue {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    /// The outputs that wait on nothing, in the order planned: the first
    /// print of each document, and every other output.
    first: VecDeque<usize>,
    /// The other prints of documents whose first print is laid out, in the
    /// order planned; they go ahead of anything in `first`.
    released: VecDeque<usize>,
    /// The other prints of each first print not yet laid out.
    held: HashMap<usize, Vec<usize>>,
    /// For each output, whether it is one of those other prints.
    follows: Vec<bool>,
    /// For each output, where it is.
    stage: Vec<Stage>,
    /// How many outputs are released and not yet done: made from the layout
    /// of a print done before.
    sharing: usize,
    /// The outputs being laid out.
    laying_out: Vec<usize>,
    /// How many times Typst's memory of layouts has been emptied.
    emptied: usize,
    /// For each output handed out, how many times it had been emptied then.
    started: Vec<usize>,
    /// For each output, the first print of its document.
    group: Vec<usize>,
    /// For each document of several prints, by its first print, how many
    /// of them are not laid out yet.
    left: HashMap<usize, usize>,
    /// For each document whose other prints are made from its layout, by
    /// its first print, how many times the cache had been emptied when its
    /// latest print laid out started.
    fresh: HashMap<usize, usize>,
    /// The documents, by their first print, whose other prints take its
    /// pages (see [`crate::covers`]): they lay out only their own cover,
    /// and need nothing of Typst's memory of laying it out.
    taken: std::collections::HashSet<usize>,
    /// How many outputs are handed out and not done.
    running: usize,
    /// For each output, how much it takes while it is made.
    weight: Vec<Weight>,
    /// Whether a heavy output is being made.
    heavy: bool,
    /// Whether an output made alone is being made.
    alone: bool,
}

impl State {
    /// The outputs being laid out under which Typst's memory was emptied
    /// since they started: it may not be emptied again under them (see
    /// [`Keep::All`]).
    fn emptied_under(&self) -> impl Iterator<Item = usize> + '_ {
        self.laying_out
            .iter()
            .copied()
            .filter(|&i| self.started[i] < self.emptied)
    }

    /// Whether a heavy output is being laid out that Typst's memory was
    /// emptied under: every light output laid out beside it from then on
    /// would add its layout to the heavy one's until it is laid out. Nothing
    /// more is handed out until then; its export and its copies have forms
    /// beside them again. A copy that takes its pages from its document's
    /// first print lays out only its cover, and holds the others up as
    /// little.
    fn crowded(&self) -> bool {
        self.emptied_under()
            .any(|i| self.weight[i] == Weight::Heavy)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Waiting,
    LayingOut,
    LaidOut,
    Done,
}

/// How much of the machine an output takes while it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Weight {
    /// Little (a form, a short handbook): any number are made at once.
    #[default]
    Light,
    /// Much (a long handbook: Typst holds all its pages until they are
    /// written): one at a time, with light outputs beside it.
    Heavy,
    /// A list printed in parts: first, with nothing beside it.
    Alone,
}

impl Weight {
    /// Its name in `emit-typst`'s `mains.tsv`.
    pub fn name(self) -> &'static str {
        match self {
            Weight::Light => "light",
            Weight::Heavy => "heavy",
            Weight::Alone => "alone",
        }
    }

    /// The weight a name in `mains.tsv` says; light for anything else.
    pub fn named(name: &str) -> Weight {
        [Weight::Heavy, Weight::Alone]
            .into_iter()
            .find(|w| w.name() == name)
            .unwrap_or_default()
    }
}

/// How an output was laid out, as far as the other prints of its document
/// care (see [`crate::covers`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Laid {
    /// Whole, and kept for the other prints of its document to take its
    /// pages from.
    Offered,
    /// Whole, and not kept for them: there are none left, or they cannot
    /// take its pages, or it took none it could have.
    Whole,
    /// From its own cover and the pages of the first print of its document.
    Spliced,
}

impl Laid {
    /// How a print was laid out: kept for the others if `offered`, else
    /// whole unless it took its pages from another print.
    pub fn of(offered: bool, took_pages: bool) -> Laid {
        match (offered, took_pages) {
            (true, _) => Laid::Offered,
            (false, false) => Laid::Whole,
            (false, true) => Laid::Spliced,
        }
    }
}

/// What Typst's memory of past layouts is worth keeping, once an output is
/// done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing: no output being made needs it.
    Nothing,
    /// What was used since it was last emptied: outputs are being laid
    /// out, or prints are to be made from the layout of one done before.
    Recent,
    /// All of it: it was emptied once already under an output being laid
    /// out, which would lose what it has laid out so far (Typst lays a
    /// document out more than once, to settle page numbers and contents,
    /// and reuses the earlier rounds), or since the print that other prints
    /// are to be made from was laid out.
    All,
}

impl Queue {
    /// A queue of outputs in the order planned; `documents` names, for each
    /// output, the document it is a print of (the prints of one document
    /// share a name, such as the virtual path of their main file), and
    /// `weights` tells how much each takes (light where not given).
    pub fn new<K: std::hash::Hash + Eq>(documents: &[K], weights: &[Weight]) -> Self {
        let mut leaders: HashMap<&K, usize> = HashMap::new();
        let mut first = VecDeque::new();
        let mut held: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut follows = vec![false; documents.len()];
        let mut group: Vec<usize> = (0..documents.len()).collect();
        let weight: Vec<Weight> = (0..documents.len())
            .map(|i| weights.get(i).copied().unwrap_or_default())
            .collect();
        for (i, document) in documents.iter().enumerate() {
            match leaders.get(document) {
                Some(&leader) => {
                    held.entry(leader).or_default().push(i);
                    follows[i] = true;
                    group[i] = leader;
                }
                None => {
                    leaders.insert(document, i);
                    first.push_back(i);
                }
            }
        }
        // The heavy documents first, while memory is low, then the lists
        // made alone, then the rest.
        let mut lists: VecDeque<usize> = VecDeque::new();
        for w in [Weight::Heavy, Weight::Alone, Weight::Light] {
            lists.extend(first.iter().copied().filter(|&i| weight[i] == w));
        }
        let left = held
            .iter()
            .map(|(&i, others)| (i, others.len() + 1))
            .collect();
        Queue {
            state: Mutex::new(State {
                first: lists,
                released: VecDeque::new(),
                held,
                follows,
                stage: vec![Stage::Waiting; documents.len()],
                sharing: 0,
                laying_out: vec![],
                emptied: 0,
                started: vec![0; documents.len()],
                left,
                group,
                fresh: HashMap::new(),
                taken: Default::default(),
                running: 0,
                weight,
                heavy: false,
                alone: false,
            }),
            changed: Condvar::new(),
        }
    }

    /// The next output to compile: another print of a document whose first
    /// print is laid out, else the next output planned that waits on nothing.
    /// An output made alone waits until nothing else is being made, and
    /// everything waits for it; a heavy output waits while another is being
    /// made, and the light ones after it go ahead meanwhile, but not while
    /// a heavy output that Typst's memory was emptied under is laid out (see
    /// `State::crowded`).
    /// Waits while every output left must wait; `None` once every output has
    /// been handed out.
    pub fn next(&self) -> Option<Ticket<'_>> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if state.released.is_empty() && state.first.is_empty() && state.held.is_empty() {
                return None;
            }
            let front = state.released.front().or(state.first.front()).copied();
            let blocked = state.alone
                || state.crowded()
                || front.is_some_and(|i| state.weight[i] == Weight::Alone && state.running > 0);
            let allowed = |state: &State, i: usize| match state.weight[i] {
                Weight::Heavy => !state.heavy,
                Weight::Alone => state.running == 0,
                Weight::Light => true,
            };
            let pick = if blocked {
                None
            } else if let Some(at) = state.released.iter().position(|&i| allowed(&state, i)) {
                state.released.remove(at)
            } else if let Some(at) = state.first.iter().position(|&i| allowed(&state, i)) {
                state.first.remove(at)
            } else {
                None
            };
            if let Some(index) = pick {
                state.stage[index] = Stage::LayingOut;
                state.laying_out.push(index);
                state.started[index] = state.emptied;
                state.running += 1;
                match state.weight[index] {
                    Weight::Alone => state.alone = true,
                    Weight::Heavy => state.heavy = true,
                    Weight::Light => {}
                }
                return Some(Ticket {
                    queue: self,
                    index,
                    finished: false,
                });
            }
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Notes that `index` is laid out, and hands out the other prints of
    /// its document: they need no more than its layout, though it may still
    /// be exporting.
    fn laid_out(&self, state: &mut State, index: usize) {
        if state.stage[index] == Stage::LayingOut {
            state.stage[index] = Stage::LaidOut;
            state.laying_out.retain(|&i| i != index);
            // Whoever waits for it to be laid out (see [`State::crowded`]).
            self.changed.notify_all();
            // What it laid out in its first rounds is as old as its start.
            let group = state.group[index];
            let started = state.started[index];
            let taken = state.taken.contains(&group);
            if let Some(left) = state.left.get_mut(&group) {
                *left -= 1;
                let last = *left == 0;
                if last {
                    state.left.remove(&group);
                }
                if last || taken {
                    state.fresh.remove(&group);
                } else {
                    state.fresh.insert(group, started);
                }
            }
        }
        if let Some(followers) = state.held.remove(&index) {
            if state.taken.contains(&state.group[index]) {
                for &i in &followers {
                    state.follows[i] = false;
                }
            } else {
                state.sharing += followers.len();
            }
            state.released.extend(followers);
            self.changed.notify_all();
        }
    }

    fn finish(&self, index: usize, empty: impl FnOnce(Keep) -> bool) -> Keep {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.stage[index] != Stage::Done {
            self.laid_out(&mut state, index);
            state.stage[index] = Stage::Done;
            if state.follows[index] {
                state.sharing -= 1;
            }
            state.running -= 1;
            match state.weight[index] {
                // Its parts emptied the cache, all of it.
                Weight::Alone => {
                    state.alone = false;
                    state.emptied += 1;
                }
                Weight::Heavy => state.heavy = false,
                Weight::Light => {}
            }
            // Whoever waits for the outputs being made to be done.
            self.changed.notify_all();
        }
        // Typst's memo cache ages what was not used since it was last
        // emptied, and emptied keeping the recent it drops what is two ages
        // old. So it may be emptied once, not twice, under an output being
        // laid out (which would lose its earlier rounds), and between the
        // layout of a print and the next print made from it.
        let exposed = state.emptied_under().next().is_some()
            || state.fresh.values().any(|&e| e < state.emptied);
        let keep = if exposed {
            Keep::All
        } else if state.sharing > 0 || !state.laying_out.is_empty() || !state.fresh.is_empty() {
            Keep::Recent
        } else {
            Keep::Nothing
        };
        // Emptied while the queue is held, so that no output starts meanwhile.
        if empty(keep) {
            state.emptied += 1;
        }
        keep
    }
}

/// An output handed out to compile. Dropping it unfinished (a thread that
/// panicked) still releases the prints waiting on it.
pub struct Ticket<'a> {
    queue: &'a Queue,
    /// Which output it is.
    pub index: usize,
    finished: bool,
}

impl Ticket<'_> {
    /// Says the output is laid out: the other prints of its document can
    /// be compiled now, from its layout. Nothing is said of how, as for
    /// [`Laid::Spliced`].
    pub fn laid_out(&self) {
        let mut state = self.queue.state.lock().unwrap_or_else(|e| e.into_inner());
        self.queue.laid_out(&mut state, self.index);
    }

    /// Says the output is laid out, and how ([`Laid`]), then hands out the
    /// other prints of its document. For [`Laid::Offered`], none of Typst's
    /// memory of laying it out is kept for them, and `empty` is called: it
    /// may empty Typst's memory and says whether it did (see
    /// [`crate::compile::empty_taken`]), while no output is handed out.
    /// For [`Laid::Whole`], a print after the first of its document that
    /// could not take the first print's pages (its cover came out longer,
    /// say), the prints after it may not either, so its layout is kept for
    /// them as if no print took pages.
    pub fn laid_out_as(&self, laid: Laid, empty: impl FnOnce() -> bool) {
        let mut state = self.queue.state.lock().unwrap_or_else(|e| e.into_inner());
        let group = state.group[self.index];
        match laid {
            Laid::Offered => {
                state.taken.insert(group);
                if empty() {
                    state.emptied += 1;
                }
            }
            Laid::Whole if group != self.index => {
                state.taken.remove(&group);
            }
            Laid::Whole | Laid::Spliced => {}
        }
        self.queue.laid_out(&mut state, self.index);
    }

    /// Marks the output done, then calls `empty` with what of Typst's
    /// memory of past layouts the outputs being made, and the prints still
    /// to be made from them, need; `empty` says whether it emptied it. The
    /// queue is held meanwhile. Returns what it was told.
    pub fn finish(mut self, empty: impl FnOnce(Keep) -> bool) -> Keep {
        self.finished = true;
        self.queue.finish(self.index, empty)
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.queue.finish(self.index, |_| false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asks for the next output on another thread, asserts that it waits
    /// (`why`), then runs `release` and returns the output handed out. If
    /// none is handed out within 10 s (a wake-up missed), it fails, where
    /// joining the thread would wait for ever; so the queue must outlive
    /// the test (see [`leaked`]).
    fn waits(queue: &'static Queue, why: &str, release: impl FnOnce()) -> Option<usize> {
        use std::sync::mpsc::RecvTimeoutError;
        use std::time::Duration;
        let (handed, waiting) = std::sync::mpsc::channel();
        std::thread::spawn(move || handed.send(queue.next().map(|t| t.index)));
        assert_eq!(
            waiting.recv_timeout(Duration::from_millis(50)),
            Err(RecvTimeoutError::Timeout),
            "{why}"
        );
        release();
        waiting
            .recv_timeout(Duration::from_secs(10))
            .expect("released, the thread waiting was not woken within 10 s")
    }

    /// A queue for [`waits`], which may leave a thread waiting on it.
    fn leaked(queue: Queue) -> &'static Queue {
        Box::leak(Box::new(queue))
    }

    /// Empties the cache whenever it may.
    fn empties(keep: Keep) -> bool {
        keep != Keep::All
    }

    /// Hands out every output on one thread, recording the order.
    fn order(documents: &[&str]) -> Vec<(usize, Keep)> {
        let queue = Queue::new(documents, &[]);
        let mut out = vec![];
        while let Some(ticket) = queue.next() {
            let index = ticket.index;
            out.push((index, ticket.finish(|_| false)));
        }
        out
    }

    #[test]
    fn the_prints_of_a_document_follow_its_first_and_keep_its_layout_until_the_last() {
        use Keep::*;
        assert_eq!(
            order(&["a", "a", "b", "a"]),
            [(0, Recent), (1, Recent), (3, Nothing), (2, Nothing)]
        );
    }

    #[test]
    fn other_outputs_go_ahead_while_a_first_print_is_laid_out() {
        let queue = leaked(Queue::new(&["handbook", "handbook", "form", "list"], &[]));
        let first = queue.next().unwrap();
        assert_eq!(first.index, 0);
        // Its second print waits; the form and the list do not.
        let form = queue.next().unwrap();
        assert_eq!(form.index, 2);
        assert_eq!(
            form.finish(|_| false),
            Keep::Recent,
            "the handbook being laid out can spare one emptying"
        );
        let list = queue.next().unwrap();
        assert_eq!(list.index, 3);
        list.laid_out();
        let next = waits(queue, "the second print must wait for the first", || {
            assert_eq!(first.finish(|_| false), Keep::Recent)
        });
        assert_eq!(next, Some(1));
        drop(list);
        assert!(queue.next().is_none());
    }

    #[test]
    fn the_other_prints_start_once_the_first_is_laid_out() {
        let queue = Queue::new(&["a", "a"], &[]);
        let first = queue.next().unwrap();
        first.laid_out();
        // The second is handed out while the first is still exporting.
        let second = queue.next().unwrap();
        assert_eq!(second.index, 1);
        assert_eq!(
            first.finish(|_| false),
            Keep::Recent,
            "the second is being laid out"
        );
        second.laid_out();
        assert_eq!(second.finish(|_| false), Keep::Nothing);
        assert!(queue.next().is_none());
    }

    #[test]
    fn a_print_dropped_unfinished_releases_the_others() {
        let queue = Queue::new(&["a", "a"], &[]);
        drop(queue.next());
        assert_eq!(queue.next().map(|t| t.index), Some(1));
    }

    #[test]
    fn heavy_outputs_are_made_one_at_a_time_with_light_ones_beside_them() {
        use Weight::*;
        let queue = leaked(Queue::new(
            &["handbook", "handbook", "long", "form", "form 2"],
            &[Heavy, Heavy, Heavy, Light, Light],
        ));
        let handbook = queue.next().unwrap();
        assert_eq!(handbook.index, 0);
        // The other long one waits; a form goes beside the handbook.
        let form = queue.next().unwrap();
        assert_eq!(form.index, 3);
        handbook.laid_out();
        // Its copy is released, but is heavy too: the next form goes ahead.
        let form2 = queue.next().unwrap();
        assert_eq!(form2.index, 4);
        drop(form);
        drop(form2);
        let next = waits(queue, "one heavy output at a time", || drop(handbook));
        // Then the copy, ahead of the other long one.
        assert_eq!(next, Some(1));
        assert_eq!(queue.next().map(|t| t.index), Some(2));
        assert!(queue.next().is_none());
    }

    #[test]
    fn heavy_documents_go_first_then_lists_in_parts_then_the_rest() {
        use Weight::*;
        let queue = Queue::new(&["form", "list", "handbook"], &[Light, Alone, Heavy]);
        let mut order = vec![];
        while let Some(ticket) = queue.next() {
            order.push(ticket.index);
        }
        assert_eq!(order, [2, 1, 0]);
    }

    #[test]
    fn the_cache_is_emptied_once_not_twice_under_an_output_being_laid_out() {
        let queue = Queue::new(&["handbook", "form 1", "form 2"], &[]);
        let handbook = queue.next().unwrap();
        let form = queue.next().unwrap();
        assert_eq!(form.finish(empties), Keep::Recent);
        let form = queue.next().unwrap();
        assert_eq!(
            form.finish(empties),
            Keep::All,
            "emptied once already under the handbook"
        );
        handbook.laid_out();
        assert_eq!(handbook.finish(empties), Keep::Nothing);
    }

    #[test]
    fn a_layout_emptied_under_it_is_not_emptied_again_before_its_copy() {
        use Weight::*;
        let queue = Queue::new(
            &["handbook", "handbook", "form 1", "form 2"],
            &[Heavy, Heavy, Light, Light],
        );
        let handbook = queue.next().unwrap();
        let form = queue.next().unwrap();
        assert_eq!(form.finish(empties), Keep::Recent);
        handbook.laid_out();
        let form = queue.next().unwrap();
        assert_eq!(
            form.finish(empties),
            Keep::All,
            "its first rounds are one age old already"
        );
    }

    /// With `heavy` being laid out, hands out the forms `forms` one after
    /// the other: two beside it, the second emptying the cache; the third
    /// then waits for it to be laid out, and goes beside its export.
    fn forms_wait_once_emptied_under(queue: &'static Queue, heavy: &Ticket, forms: [usize; 3]) {
        // Until the cache is emptied under it, forms go beside it.
        let form = queue.next().unwrap();
        assert_eq!(form.index, forms[0]);
        assert_eq!(form.finish(|_| false), Keep::Recent);
        let form = queue.next().unwrap();
        assert_eq!(form.index, forms[1]);
        assert_eq!(form.finish(empties), Keep::Recent);
        // Emptied once: the next form would hold its layout until the
        // heavy output is laid out, so it waits.
        let next = waits(queue, "emptied under a heavy output", || heavy.laid_out());
        assert_eq!(next, Some(forms[2]));
    }

    #[test]
    fn once_emptied_under_a_heavy_first_print_nothing_goes_beside_it_until_it_is_laid_out() {
        use Weight::*;
        let queue = leaked(Queue::new(
            &["report", "form 1", "form 2", "form 3"],
            &[Heavy, Light, Light, Light],
        ));
        let report = queue.next().unwrap();
        forms_wait_once_emptied_under(queue, &report, [1, 2, 3]);
    }

    #[test]
    fn once_emptied_under_a_heavy_copy_nothing_goes_beside_it_until_it_is_laid_out() {
        use Weight::*;
        let queue = leaked(Queue::new(
            &["handbook", "handbook", "form 1", "form 2", "form 3"],
            &[Heavy, Heavy, Light, Light, Light],
        ));
        let handbook = queue.next().unwrap();
        handbook.laid_out_as(Laid::Offered, || false);
        drop(handbook);
        let copy = queue.next().unwrap();
        assert_eq!(copy.index, 1);
        forms_wait_once_emptied_under(queue, &copy, [2, 3, 4]);
    }

    #[test]
    fn a_layout_is_emptied_once_not_twice_before_the_next_print_is_made_from_it() {
        use Weight::*;
        let queue = Queue::new(
            &["handbook", "handbook", "form 1", "form 2", "form 3"],
            &[Heavy, Heavy, Light, Light, Light],
        );
        let handbook = queue.next().unwrap();
        handbook.laid_out();
        // Its copy waits for it to be done (heavy: one at a time); forms go
        // beside it, and may empty the cache once.
        let form = queue.next().unwrap();
        assert_eq!(form.index, 2);
        assert_eq!(form.finish(empties), Keep::Recent);
        let form = queue.next().unwrap();
        assert_eq!(
            form.finish(empties),
            Keep::All,
            "the copy would lay out again"
        );
        assert_eq!(handbook.finish(empties), Keep::All);
        let copy = queue.next().unwrap();
        assert_eq!(copy.index, 1);
        let form = queue.next().unwrap();
        assert_eq!(
            form.finish(empties),
            Keep::All,
            "the copy is being laid out"
        );
        // Once the copy is laid out, nothing more is made from it.
        copy.laid_out();
        assert_eq!(copy.finish(empties), Keep::Nothing);
        assert!(queue.next().is_none());
    }

    #[test]
    fn prints_that_take_the_first_print_s_pages_keep_nothing_of_its_layout() {
        use Weight::*;
        let queue = Queue::new(
            &["handbook", "handbook", "form 1", "form 2", "form 3"],
            &[Heavy, Heavy, Light, Light, Light],
        );
        let handbook = queue.next().unwrap();
        let form = queue.next().unwrap();
        let beside = queue.next().unwrap();
        assert_eq!((form.index, beside.index), (2, 3));
        let mut emptied = false;
        handbook.laid_out_as(Laid::Offered, || {
            emptied = true;
            true
        });
        assert!(emptied, "the handbook's layout is emptied once laid out");
        assert_eq!(
            form.finish(empties),
            Keep::All,
            "the other form lost its first rounds to the handbook's emptying"
        );
        // The forms beside the handbook's export empty the cache as if its
        // copy were not to be made from it.
        assert_eq!(
            beside.finish(empties),
            Keep::Nothing,
            "nothing is being laid out, and the copy takes the handbook's pages"
        );
        assert_eq!(handbook.finish(empties), Keep::Nothing);
        let copy = queue.next().unwrap();
        assert_eq!(copy.index, 1);
        let form = queue.next().unwrap();
        assert_eq!(
            form.finish(empties),
            Keep::Recent,
            "the copy's cover is being laid out"
        );
        copy.laid_out();
        assert_eq!(copy.finish(empties), Keep::Nothing);
        assert!(queue.next().is_none());
    }

    #[test]
    fn a_first_print_whose_layout_is_not_emptied_leaves_the_others_theirs() {
        let queue = Queue::new(&["handbook", "handbook", "form 1", "form 2"], &[]);
        let handbook = queue.next().unwrap();
        let form = queue.next().unwrap();
        let beside = queue.next().unwrap();
        assert_eq!((form.index, beside.index), (2, 3));
        handbook.laid_out_as(Laid::Offered, || false);
        assert_eq!(
            beside.finish(empties),
            Keep::Recent,
            "the form is being laid out, and was not emptied under"
        );
        drop(form);
        drop(handbook);
        assert!(queue.next().is_some());
    }

    #[test]
    fn a_print_laid_out_whole_keeps_its_layout_for_the_prints_after_it() {
        use Weight::*;
        let queue = Queue::new(
            &["handbook", "handbook", "handbook", "form 1", "form 2"],
            &[Heavy, Heavy, Heavy, Light, Light],
        );
        let handbook = queue.next().unwrap();
        handbook.laid_out_as(Laid::Offered, || true);
        assert_eq!(handbook.finish(empties), Keep::Nothing);
        // The first copy's cover came out longer: laid out whole, it keeps
        // its layout for the second, as if no print took pages.
        let copy = queue.next().unwrap();
        assert_eq!(copy.index, 1);
        copy.laid_out_as(Laid::Whole, || false);
        let form = queue.next().unwrap();
        assert_eq!(form.index, 3);
        assert_eq!(
            form.finish(empties),
            Keep::Recent,
            "the second copy is to be laid out from the first"
        );
        let form = queue.next().unwrap();
        assert_eq!(
            form.finish(empties),
            Keep::All,
            "emptied once since the first copy was laid out"
        );
        assert_eq!(copy.finish(empties), Keep::All);
        let copy = queue.next().unwrap();
        assert_eq!(copy.index, 2);
        copy.laid_out();
        assert_eq!(copy.finish(empties), Keep::Nothing);
        assert!(queue.next().is_none());
    }

    #[test]
    fn a_list_in_parts_is_compiled_first_and_alone() {
        let queue = leaked(Queue::new(
            &["form", "master list", "form 2", "records list"],
            &[Weight::Light, Weight::Alone, Weight::Light, Weight::Alone],
        ));
        let list = queue.next().unwrap();
        assert_eq!(list.index, 1);
        // Nothing goes beside it.
        let next = waits(queue, "a list in parts is made alone", || {
            assert_eq!(list.finish(|_| false), Keep::Nothing)
        });
        assert_eq!(next, Some(3));
        // Then the others, side by side.
        let form = queue.next().unwrap();
        let other = queue.next().unwrap();
        assert_eq!((form.index, other.index), (0, 2));
        assert_eq!(
            form.finish(|_| false),
            Keep::Recent,
            "the other form is being laid out"
        );
        drop(other);
        assert!(queue.next().is_none());
    }
}
