// The moderation page works without this file; it adds a "select all"
// checkbox to the bulk bar.
const all = document.getElementById('select-all');
if (all) {
  const boxes = () => [...document.querySelectorAll('input[name="ids"]')];
  all.closest('.select-all').hidden = false;
  all.addEventListener('change', () => boxes().forEach((box) => { box.checked = all.checked; }));
  document.addEventListener('change', (event) => {
    if (event.target.name === 'ids') all.checked = boxes().every((box) => box.checked);
  });
}
