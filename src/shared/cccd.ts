// The 12-digit personal identification number printed on the CCCD / thẻ căn cước: its
// structure, checks with Vietnamese messages for officers, masking, and construction.
//
// Structure (Nghị định 137/2015/NĐ-CP, Điều 13; kept by Luật Căn cước 2023, Điều 12):
//   digits 1–3  code of the province where the birth was registered (table below)
//   digit  4    century of birth and sex: 0/1 = 1900–1999 male/female, 2/3 = 2000–2099,
//               4/5 = 2100–2199, 6/7 = 2200–2299, 8/9 = 2300–2399
//   digits 5–6  last two digits of the year of birth
//   digits 7–12 a random sequence; there is no check digit.

/**
 * Codes of the 63 provinces where a birth was registered: Phụ lục I "Danh mục mã tỉnh,
 * thành phố trực thuộc trung ương nơi công dân đăng ký khai sinh", Thông tư 07/2016/TT-BCA
 * (01/02/2016), carried unchanged into Thông tư 59/2021/TT-BCA. Checked against the
 * appendix as republished by thuvienphapluat.vn ("Tra cứu mã 63 tỉnh thành trên thẻ Căn
 * cước công dân") and moinhat123.blogspot.com (full Phụ lục 1), and against public CCCD
 * validators on GitHub. The 2025 merger of provinces does not renumber existing CCCDs, so
 * the pre-merger names are the ones these codes mean.
 */
export const CCCD_PROVINCE_CODES: Record<string, string> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu',
  '079': 'Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

export type Sex = 'male' | 'female';

export interface CccdCheck {
  /** The number cannot be stored. */
  errors: string[];
  /** Disagreements with the person's other details; the officer may confirm and save. */
  warnings: string[];
}

const FIRST_CENTURY = 1900;
const LAST_YEAR = 2399;
const SEPARATORS = /[\s.\-–_]/g;

/** '1234567890' lost its leading zero in a spreadsheet number cell: put it back. */
export function restoreLeadingZero(digits: string): string {
  // Province codes run 001–096: a number cell loses one zero, or two for codes 001–009
  // (Tuyên Quang is 008).
  return /^\d{10,11}$/.test(digits) ? digits.padStart(12, '0') : digits;
}

/**
 * The CCCD as typed or imported → its 12 digits: spaces, dots and dashes are dropped.
 * A number (from an Excel cell) has always lost its leading zeros — every province code
 * starts with 0 — so they are restored; a string gets them back only with `fromNumber`.
 */
export function normalizeCccd(raw: string | number, options: { fromNumber?: boolean } = {}): string {
  if (typeof raw === 'number') return restoreLeadingZero(String(Math.trunc(raw)));
  const digits = raw.normalize('NFKC').replace(SEPARATORS, '');
  return options.fromNumber ? restoreLeadingZero(digits) : digits;
}

/** Century/sex digit of a person: 0/1 for 1900–1999 male/female, 2/3 for 2000–2099, … */
export function centurySexDigit(sex: Sex, birthYear: number): number {
  if (!Number.isInteger(birthYear) || birthYear < FIRST_CENTURY || birthYear > LAST_YEAR) {
    throw new RangeError(`birth year ${birthYear} outside ${FIRST_CENTURY}–${LAST_YEAR}`);
  }
  return (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
}

const SEX_LABEL: Record<Sex, string> = { male: 'nam', female: 'nữ' };

/**
 * Checks a normalized CCCD. Errors: not 12 digits, unknown province code. Warnings: the
 * 4th digit's sex or century, or digits 5–6, disagree with the person's sex or birth year
 * (registries hold typos on either side, so the officer decides).
 */
export function checkCccd(cccd: string, person: { sex?: Sex; birthYear?: number } = {}): CccdCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!/^\d*$/.test(cccd)) {
    errors.push('Số CCCD chỉ gồm chữ số.');
    return { errors, warnings };
  }
  if (cccd.length !== 12) {
    errors.push(`Số CCCD phải có đúng 12 chữ số (đang có ${cccd.length}).`);
    return { errors, warnings };
  }
  const provinceCode = cccd.slice(0, 3);
  if (!(provinceCode in CCCD_PROVINCE_CODES)) {
    errors.push(`Mã tỉnh nơi đăng ký khai sinh "${provinceCode}" (3 chữ số đầu) không có trong danh mục.`);
  }

  const digit = Number(cccd[3]);
  const digitSex: Sex = digit % 2 === 0 ? 'male' : 'female';
  const centuryStart = FIRST_CENTURY + Math.floor(digit / 2) * 100;
  if (person.sex && person.sex !== digitSex) {
    warnings.push(
      `Chữ số thứ 4 (${digit}) ứng với giới tính ${SEX_LABEL[digitSex]}, khác giới tính đã khai (${SEX_LABEL[person.sex]}).`,
    );
  }
  if (person.birthYear !== undefined) {
    if (person.birthYear < centuryStart || person.birthYear > centuryStart + 99) {
      warnings.push(
        `Chữ số thứ 4 (${digit}) ứng với người sinh từ ${centuryStart} đến ${centuryStart + 99}, khác năm sinh đã khai (${person.birthYear}).`,
      );
    }
    const yearDigits = cccd.slice(4, 6);
    if (yearDigits !== String(person.birthYear % 100).padStart(2, '0')) {
      warnings.push(`Chữ số thứ 5–6 (${yearDigits}) khác hai số cuối của năm sinh đã khai (${person.birthYear}).`);
    }
  }
  return { errors, warnings };
}

/** "008123456745" → "0081******45": enough to tell two people apart, not to misuse. */
export function maskCccd(cccd: string): string {
  if (cccd.length < 8) return '*'.repeat(cccd.length);
  return cccd.slice(0, 4) + '*'.repeat(cccd.length - 6) + cccd.slice(-2);
}

/** Builds a CCCD from its parts; `serial` is the last six digits (0–999999). */
export function makeCccd(provinceCode: string, sex: Sex, birthYear: number, serial: number): string {
  if (!(provinceCode in CCCD_PROVINCE_CODES)) throw new RangeError(`unknown province code ${provinceCode}`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 999_999) throw new RangeError(`serial ${serial} outside 0–999999`);
  const yearDigits = String(birthYear % 100).padStart(2, '0');
  return `${provinceCode}${centurySexDigit(sex, birthYear)}${yearDigits}${String(serial).padStart(6, '0')}`;
}
