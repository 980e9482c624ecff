/**
 * The 25 labels of The Payne's APOGEE networks, in the order of x_min/x_max and of the network input
 * (tingyuansen/The_Payne, fitting.py docstring; the 26th fitted parameter there, RV, is not a network input).
 */
export const THE_PAYNE_APOGEE_LABELS: ReadonlyArray<{ name: string; unit?: string }> = [
  { name: 'Teff', unit: 'K' },
  { name: 'logg', unit: 'dex' },
  { name: 'vturb', unit: 'km/s' },
  ...[
    'C',
    'N',
    'O',
    'Na',
    'Mg',
    'Al',
    'Si',
    'P',
    'S',
    'K',
    'Ca',
    'Ti',
    'V',
    'Cr',
    'Mn',
    'Fe',
    'Co',
    'Ni',
    'Cu',
    'Ge',
  ].map((el) => ({ name: `[${el}/H]`, unit: 'dex' })),
  { name: 'C12/C13' },
  { name: 'vmacro', unit: 'km/s' },
];
